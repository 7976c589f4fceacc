package dev.grpo.broker;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.security.scram.ScramLoginModule;

/**
 * The listeners of a secured broker: {@code CLIENT} (SASL_SSL, SCRAM-SHA-512) for every client, and {@code INTERNAL}
 * and {@code CONTROLLER} (SASL_PLAINTEXT, PLAIN) for the broker's own traffic, where the only user is the broker
 * itself with a password made up at each start. So no listener is open to anonymous clients, and the broker needs no
 * SCRAM user before it runs (KRaft keeps SCRAM users in the metadata log the broker has yet to start).
 *
 * @param internalPort the port of the internal listener
 * @param secret the broker principal's password, also the key and trust stores' password
 */
record BrokerListeners(EmbeddedKafkaBroker.Options options, int internalPort, String secret) {

    static final String CLIENT = "CLIENT";
    static final String INTERNAL = "INTERNAL";
    static final String CONTROLLER = "CONTROLLER";
    /** The principal the broker talks to itself as; a super user. */
    static final String BROKER_USER = "broker";

    private static final SecureRandom RANDOM = new SecureRandom();

    static BrokerListeners secured(EmbeddedKafkaBroker.Options options, int internalPort) {
        return new BrokerListeners(options, internalPort, randomSecret());
    }

    /** A password nobody has to type: 128 random bits in hex. */
    static String randomSecret() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The broker settings that replace the plaintext listeners with the secured ones and turn ACLs on. */
    Map<String, Object> config(BrokerCertificates certificates) {
        String host = options.host();
        Map<String, Object> config = new HashMap<>();
        config.put("listeners", CLIENT + "://" + host + ":" + options.port() + "," + INTERNAL + "://" + host + ":"
                + internalPort + "," + CONTROLLER + "://" + host + ":" + options.controllerPort());
        config.put("advertised.listeners", CLIENT + "://" + host + ":" + options.port() + "," + INTERNAL + "://" + host
                + ":" + internalPort);
        config.put("listener.security.protocol.map", CLIENT + ":SASL_SSL," + INTERNAL + ":SASL_PLAINTEXT,"
                + CONTROLLER + ":SASL_PLAINTEXT");
        config.put("inter.broker.listener.name", INTERNAL);
        config.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        config.put("sasl.mechanism.controller.protocol", "PLAIN");
        config.put(listener(CLIENT, "sasl.enabled.mechanisms"), SecuredListener.MECHANISM);
        config.put(listener(CLIENT, "scram-sha-512.sasl.jaas.config"), ScramLoginModule.class.getName() + " required;");
        for (String own : new String[] {INTERNAL, CONTROLLER}) {
            config.put(listener(own, "sasl.enabled.mechanisms"), "PLAIN");
            config.put(listener(own, "plain.sasl.jaas.config"), PlainLoginModule.class.getName() + " required username=\""
                    + BROKER_USER + "\" password=\"" + secret + "\" user_" + BROKER_USER + "=\"" + secret + "\";");
        }
        config.put(listener(CLIENT, "ssl.keystore.location"), certificates.keyStore().toString());
        config.put(listener(CLIENT, "ssl.keystore.password"), certificates.password());
        config.put(listener(CLIENT, "ssl.key.password"), certificates.password());
        config.put(listener(CLIENT, "ssl.keystore.type"), "PKCS12");
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("super.users", "User:" + BROKER_USER + ";User:" + BrokerSecurity.ADMIN_USER);
        config.put("allow.everyone.if.no.acl.found", "false");
        return config;
    }

    /** Admin settings that reach the broker through its internal listener as the broker principal. */
    Map<String, Object> internalClientConfig(String host) {
        return Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, host + ":" + internalPort,
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, PlainLoginModule.class.getName() + " required username=\"" + BROKER_USER
                        + "\" password=\"" + secret + "\";");
    }

    private static String listener(String name, String setting) {
        return "listener.name." + name.toLowerCase(Locale.ROOT) + "." + setting;
    }
}
