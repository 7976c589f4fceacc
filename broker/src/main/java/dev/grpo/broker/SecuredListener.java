package dev.grpo.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.scram.ScramLoginModule;

/**
 * The SASL_SSL listener of a secured broker, as a client sees it: where it is, which certificate to trust, and the
 * client settings that log in as a given SCRAM user.
 *
 * @param bootstrapServers the listener's {@code host:port}
 * @param certificates the broker's certificate and the clients' trust store
 * @param adminPassword the password of {@link BrokerSecurity#ADMIN_USER}, generated at start
 * @param adminProperties the client properties file written for the admin (for {@code --kafka-config} or
 *     {@code kafka-*.sh --command-config}), in the security directory only its owner may enter
 */
public record SecuredListener(String bootstrapServers, BrokerCertificates certificates, String adminPassword,
        Path adminProperties) {

    /** The SASL mechanism of the client listener. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    /** Client settings (bootstrap servers included) that connect over TLS and log in as {@code user}. */
    public Map<String, Object> clientConfig(String user, String password) {
        Map<String, Object> config = new HashMap<>(securityConfig(user, password));
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /** {@link #clientConfig} for the super user. */
    public Map<String, Object> adminConfig() {
        return clientConfig(BrokerSecurity.ADMIN_USER, adminPassword);
    }

    /** Only the security settings: what a {@code --kafka-config} file for {@code user} holds. */
    public Map<String, String> securityConfig(String user, String password) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, ScramLoginModule.class.getName() + " required username=\"" + user
                        + "\" password=\"" + password + "\";",
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.trustStore().toString(),
                SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.password(),
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
    }

    /** Writes the admin's client properties (bootstrap servers included) to {@link #adminProperties()}. */
    void writeAdminProperties() {
        Properties properties = new Properties();
        properties.putAll(securityConfig(BrokerSecurity.ADMIN_USER, adminPassword));
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Writer out = Files.newBufferedWriter(adminProperties, StandardCharsets.UTF_8)) {
            properties.store(out, "grpo broker: client settings of the super user '" + BrokerSecurity.ADMIN_USER
                    + "' (rewritten at every start)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + adminProperties, e);
        }
    }
}
