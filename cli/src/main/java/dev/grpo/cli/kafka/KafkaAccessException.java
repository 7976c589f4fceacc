package dev.grpo.cli.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.protocol.Errors;

/**
 * A secured cluster refused a client: the login failed, TLS failed, a plaintext client met a TLS listener, or the
 * principal has no ACL for what it tried. The message is one line naming what was tried, the cluster and the cause,
 * e.g. {@code cannot write grpo.rewards.y on localhost:9092: principal User:x is not authorized
 * (TOPIC_AUTHORIZATION_FAILED)}.
 */
public final class KafkaAccessException extends RuntimeException {

    private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    private KafkaAccessException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The access failure among {@code failure} and its causes, as one line; empty when it is some other failure.
     *
     * @param action what the client tried, e.g. {@code "write grpo.rewards.y"}
     * @param clientConfig the client's settings: its bootstrap servers, security protocol and login
     * @param failure what the client threw (Kafka's exception, or one wrapping it)
     */
    public static Optional<KafkaAccessException> of(String action, Map<String, ?> clientConfig, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            Optional<String> reason = reason(cause, clientConfig);
            if (reason.isPresent()) {
                return Optional.of(new KafkaAccessException("cannot " + action + " on "
                        + clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + ": " + reason.get(), failure));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> reason(Throwable cause, Map<String, ?> config) {
        String principal = principal(config);
        String code = Errors.forException(cause).name();
        if (cause instanceof TopicAuthorizationException topics) {
            return Optional.of(notAuthorized(principal, "topic", topics.unauthorizedTopics(), code));
        }
        if (cause instanceof GroupAuthorizationException group) {
            return Optional.of(notAuthorized(principal, "group", group.groupId() == null ? Set.of() : Set.of(group.groupId()), code));
        }
        if (cause instanceof TransactionalIdAuthorizationException || cause instanceof ClusterAuthorizationException) {
            return Optional.of("principal " + principal + " is not authorized (" + code + ")");
        }
        if (cause instanceof SaslAuthenticationException) {
            return Optional.of("login as " + principal + " failed, wrong user name or password (" + code + ")");
        }
        if (cause instanceof SslAuthenticationException) {
            // Kafka has no error code for a failed handshake (it never reaches the protocol); the exception names it.
            return Optional.of("TLS handshake failed, is ssl.truststore.location the cluster's trust store? ("
                    + cause.getClass().getSimpleName() + ": " + rootMessage(cause) + ")");
        }
        if (cause instanceof TimeoutException && protocol(config).equals("PLAINTEXT")) {
            return Optional.of("no answer to a PLAINTEXT client; a SASL_SSL listener needs security.protocol, "
                    + "sasl.* and ssl.truststore.* in --kafka-config (" + code + ")");
        }
        return Optional.empty();
    }

    private static String notAuthorized(String principal, String kind, Set<String> names, String code) {
        String which = names.isEmpty() ? "" : " for " + kind + " " + String.join(", ", names.stream().sorted().toList());
        return "principal " + principal + " is not authorized" + which + " (" + code + ")";
    }

    /** The principal the broker sees: the SASL user name, or ANONYMOUS for a client that does not log in. */
    private static String principal(Map<String, ?> config) {
        Object jaas = config.get(SaslConfigs.SASL_JAAS_CONFIG);
        Matcher user = JAAS_USER.matcher(jaas == null ? "" : jaas.toString());
        return protocol(config).startsWith("SASL") && user.find() ? "User:" + user.group(1) : "User:ANONYMOUS";
    }

    private static String protocol(Map<String, ?> config) {
        Object protocol = config.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        return protocol == null ? "PLAINTEXT" : protocol.toString().toUpperCase(Locale.ROOT);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
