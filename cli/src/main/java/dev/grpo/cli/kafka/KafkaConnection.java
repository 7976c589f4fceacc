package dev.grpo.cli.kafka;

import dev.grpo.schemas.KafkaClusterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every command that talks to Kafka mixes in ({@code @Mixin KafkaConnection kafka;}): the cluster
 * ({@code --bootstrap-servers}, validated as a {@code host:port[,host:port...]} list), its client properties
 * ({@code --kafka-config FILE}, as {@code kafka-*.sh --command-config} takes them, overridden by
 * {@code GRPO_KAFKA_<PROPERTY>} environment variables) and the pipeline's namespace on it ({@code --topic-prefix}).
 * {@link #cluster()} is what the stages are given.
 */
public final class KafkaConnection {

    /** Where {@code grpo broker} listens by default. */
    public static final String LOCAL_BROKER = "localhost:9092";

    @Option(
            names = {"-b", "--bootstrap-servers"},
            paramLabel = "HOST:PORT[,...]",
            defaultValue = LOCAL_BROKER,
            converter = BootstrapServers.class,
            description = "Kafka cluster to connect to. Default: ${DEFAULT-VALUE}.")
    private String bootstrapServers;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*, timeouts...) for every client, "
                    + "as kafka-*.sh --command-config takes them. Environment variables GRPO_KAFKA_<PROPERTY> "
                    + "override them (GRPO_KAFKA_SASL_JAAS_CONFIG sets sasl.jaas.config).")
    private Path kafkaConfig;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            defaultValue = "",
            description = "Namespace on the cluster: put before every topic, consumer group, application id and "
                    + "transactional id, so that pipelines sharing a cluster keep apart (e.g. 'team-a.'). "
                    + "Default: none.")
    private String topicPrefix;

    /** The validated {@code bootstrap.servers} value. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * The cluster as the options and the process environment configure it.
     *
     * @throws IllegalArgumentException naming the properties file when it is missing or malformed, or a bad prefix
     */
    public KafkaClusterConfig cluster() {
        return KafkaClusterConfig.load(bootstrapServers, kafkaConfig, System.getenv(), topicPrefix);
    }

    /**
     * Runs {@code work} with an admin client that gives up on any request after {@code timeout}
     * instead of retrying forever, and closes the client afterwards.
     *
     * @throws KafkaUnreachableException if no bootstrap server resolves or none answers in time
     */
    public <T> T withAdmin(Duration timeout, AdminWork<T> work) throws InterruptedException {
        try (Admin admin = admin(timeout)) {
            return work.apply(admin);
        } catch (TimeoutException e) {
            throw unreachable("no answer within " + timeout.toSeconds() + " s");
        }
    }

    private Admin admin(Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try {
            return Admin.create(cluster().client("grpo-cli", "admin", Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis)));
        } catch (KafkaException e) {
            if (e.getCause() instanceof ConfigException) {
                throw unreachable(e.getCause().getMessage());
            }
            throw e;
        }
    }

    /**
     * {@code failure} as one line naming this cluster and the cause, when somewhere in its causes the cluster refused
     * the login, the TLS handshake or an operation the principal has no ACL for; empty for any other failure.
     */
    public Optional<KafkaAccessException> refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof KafkaAccessException access) {
                return Optional.of(access);
            }
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                return clientProperties().flatMap(config -> KafkaAccessException.of("use Kafka", config, failure));
            }
        }
        return Optional.empty();
    }

    /** The clients' properties, or empty when the options themselves are what failed (e.g. a missing file). */
    private Optional<Map<String, Object>> clientProperties() {
        try {
            return Optional.of(cluster().clientProperties());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * No answer: a broker is missing, unless the client properties set a security protocol, in which case the likelier
     * cause is a TLS or SASL setting the listener does not accept (it never answers a client that speaks another
     * protocol).
     */
    private KafkaUnreachableException unreachable(String reason) {
        boolean secured = clientProperties().map(config -> config.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG))
                .filter(protocol -> !"PLAINTEXT".equalsIgnoreCase(protocol.toString())).isPresent();
        if (!secured) {
            return new KafkaUnreachableException(bootstrapServers, reason);
        }
        String where = kafkaConfig != null ? kafkaConfig.toString()
                : "the " + KafkaClusterConfig.ENVIRONMENT_PREFIX + "* environment variables";
        return new KafkaUnreachableException(bootstrapServers, reason, "check the TLS/SASL settings in " + where);
    }

    /** Work done with an admin client. */
    @FunctionalInterface
    public interface AdminWork<T> {
        T apply(Admin admin) throws InterruptedException;
    }

    /** Parses and checks a bootstrap server list so that a typo fails as a usage error, not as a hang. */
    static final class BootstrapServers implements ITypeConverter<String> {

        @Override
        public String convert(String value) {
            String trimmed = value.strip();
            if (trimmed.isEmpty()) {
                throw new TypeConversionException("empty bootstrap server list");
            }
            Arrays.stream(trimmed.split(",")).map(String::strip).forEach(BootstrapServers::check);
            return trimmed;
        }

        private static void check(String server) {
            String host = Utils.getHost(server);
            Integer port = Utils.getPort(server);
            if (host == null || host.isEmpty() || port == null) {
                throw new TypeConversionException("'" + server + "' is not HOST:PORT");
            }
            if (port < 1 || port > 65535) {
                throw new TypeConversionException("port of '" + server + "' must be between 1 and 65535");
            }
        }
    }
}
