package dev.grpo.schemas;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The cluster a pipeline runs on and its place there: where the brokers are, the client properties every Kafka client
 * of every stage takes (security, SASL, TLS, timeouts: what {@code kafka-*.sh --command-config} takes), and the
 * namespace (topic prefix) that keeps this pipeline's topics, consumer groups, application ids and transactional ids
 * apart from another's on the same cluster.
 *
 * <p>Precedence, lowest first: the properties file, then the environment ({@link #ENVIRONMENT_PREFIX}), then the
 * stage's own settings, then {@code bootstrap.servers} and {@code client.id}, which this config owns. A stage's own
 * settings are the ones its guarantees rest on (serializers, {@code group.id}, {@code isolation.level},
 * {@code transactional.id}, {@code enable.idempotence}, {@code acks}, offsets reset, the record size limits), so a file
 * cannot weaken them; everything else in the file reaches every client unchanged.
 *
 * @param bootstrapServers the {@code bootstrap.servers} list
 * @param properties client properties from the file and the environment, applied to every client
 * @param topicPrefix prepended to every topic, consumer group, application id and transactional id; empty by default
 */
public record KafkaClusterConfig(String bootstrapServers, Map<String, String> properties, String topicPrefix) {

    /**
     * Environment variables starting with this override the file: the rest of the name, lower-cased with every
     * {@code _} turned into {@code .}, is the property ({@code GRPO_KAFKA_SASL_JAAS_CONFIG} sets
     * {@code sasl.jaas.config}).
     */
    public static final String ENVIRONMENT_PREFIX = "GRPO_KAFKA_";

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{0,128}");

    public KafkaClusterConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be blank");
        }
        if (!PREFIX.matcher(topicPrefix).matches()) {
            throw new IllegalArgumentException("topic prefix may hold only letters, digits, '.', '_' and '-' (at most"
                    + " 128), got '" + topicPrefix + "'");
        }
        properties = Map.copyOf(new TreeMap<>(properties));
    }

    /** A plain cluster: no client properties, no prefix (tests, the local broker). */
    public static KafkaClusterConfig of(String bootstrapServers) {
        return new KafkaClusterConfig(bootstrapServers, Map.of(), "");
    }

    /**
     * The cluster configured as the command line and the environment say.
     *
     * @param propertiesFile a Kafka client properties file, or {@code null} for none
     * @param environment the process environment (e.g. {@code System.getenv()}); only {@link #ENVIRONMENT_PREFIX}
     *     variables are read
     * @throws IllegalArgumentException naming the file if it is missing, unreadable or malformed
     */
    public static KafkaClusterConfig load(String bootstrapServers, Path propertiesFile, Map<String, String> environment,
                                          String topicPrefix) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (propertiesFile != null) {
            properties.putAll(read(propertiesFile));
        }
        properties.putAll(fromEnvironment(environment));
        return new KafkaClusterConfig(bootstrapServers, properties, topicPrefix);
    }

    /** The client properties the {@link #ENVIRONMENT_PREFIX} variables of {@code environment} set. */
    public static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> properties = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENVIRONMENT_PREFIX) && name.length() > ENVIRONMENT_PREFIX.length()) {
                properties.put(name.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                        value);
            }
        });
        return properties;
    }

    private static Map<String, String> read(Path file) {
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Kafka client properties file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read Kafka client properties file " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Kafka client properties file " + file + " is malformed: "
                    + e.getMessage());
        }
        Map<String, String> properties = new TreeMap<>();
        loaded.stringPropertyNames().forEach(key -> properties.put(key.strip(), loaded.getProperty(key).strip()));
        return properties;
    }

    /** This cluster under another namespace. */
    public KafkaClusterConfig withTopicPrefix(String prefix) {
        return new KafkaClusterConfig(bootstrapServers, properties, prefix);
    }

    /** The name of topic {@code name} (a catalogue name) in this namespace. */
    public String topic(String name) {
        return topicPrefix + name;
    }

    /** The spec of a catalogue topic under its name in this namespace. */
    public TopicSpec topic(TopicSpec spec) {
        return new TopicSpec(topic(spec.name()), spec.key(), spec.record(), spec.partitions(), spec.retention(),
                spec.retentionBytes(), spec.cleanupPolicy(), spec.maxMessageBytes(), spec.clock());
    }

    /** The specs of catalogue topics in this namespace, in the order given. */
    public List<TopicSpec> topics(List<TopicSpec> specs) {
        return specs.stream().map(this::topic).toList();
    }

    /** A consumer group id, Kafka Streams application id or transactional id {@code id} in this namespace. */
    public String group(String id) {
        return topicPrefix + id;
    }

    /** The {@code client.id} of instance {@code instance} of stage {@code stage}: {@code <prefix><stage>-<instance>}. */
    public String clientId(String stage, String instance) {
        return topicPrefix + stage + "-" + instance;
    }

    /**
     * The properties every client of this cluster starts from: the file's and environment's, then
     * {@code bootstrap.servers}. Kafka Streams takes them as they are (it hands client properties to its clients and
     * reads its own, e.g. {@code num.standby.replicas}, from the same map).
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> config = new LinkedHashMap<>(properties);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /**
     * The config of a client of stage {@code stage}, instance {@code instance}: {@link #clientProperties()}, then the
     * stage's settings, then {@code client.id} = {@link #clientId}. Producers, consumers and admin clients alike.
     */
    public Map<String, Object> client(String stage, String instance, Map<String, ?> stageSettings) {
        Map<String, Object> config = clientProperties();
        config.putAll(stageSettings);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId(stage, instance));
        return config;
    }

    /** The properties, with the values of secrets ({@code *password*}, {@code sasl.jaas.config}) hidden, for logs. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((key, value) -> shown.put(key,
                key.contains("password") || key.equals("sasl.jaas.config") ? "[hidden]" : value));
        return "KafkaClusterConfig[bootstrapServers=" + bootstrapServers + ", properties=" + shown
                + ", topicPrefix=" + topicPrefix + "]";
    }
}
