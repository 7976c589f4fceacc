package dev.grpo.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Applies topic specs to a cluster idempotently: creates the missing topics, leaves existing ones as
 * they are and reports where they differ from their spec. Used by {@code grpo topics} and by every
 * process that must make sure its topics exist before it starts.
 */
public final class TopicInstaller {

    private static final Duration METADATA_POLL = Duration.ofMillis(50);

    private final Admin admin;
    private final Duration timeout;

    /**
     * @param admin the cluster to apply specs to; the caller owns and closes it
     * @param timeout the bound on every round trip to the cluster
     */
    public TopicInstaller(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Creates every spec's topic that does not exist yet (with the cluster's default replication
     * factor), inspects the ones that do, and returns once every topic is visible to clients.
     *
     * @throws KafkaException if the cluster refuses or does not answer within the timeout
     *     ({@link org.apache.kafka.common.errors.TimeoutException})
     */
    public Result apply(List<TopicSpec> specs) throws InterruptedException {
        Set<String> present = await(admin.listTopics().names());
        List<TopicSpec> missing = specs.stream().filter(s -> !present.contains(s.name())).toList();
        Map<String, KafkaFuture<Void>> creations = admin.createTopics(missing.stream().map(TopicInstaller::newTopic).toList()).values();
        List<TopicSpec> created = new ArrayList<>();
        List<TopicSpec> existing = new ArrayList<>(specs.stream().filter(s -> present.contains(s.name())).toList());
        for (TopicSpec spec : missing) {
            if (createdNow(creations.get(spec.name()))) {
                created.add(spec);
            } else {
                existing.add(spec);
            }
        }
        awaitVisible(specs);
        List<Drift> drift = inspect(existing).stream().flatMap(t -> t.drift().stream()).toList();
        return new Result(List.copyOf(created), List.copyOf(existing), drift);
    }

    /** What the cluster holds for each spec, in the order given; nothing is changed. */
    public List<ObservedTopic> inspect(List<TopicSpec> specs) throws InterruptedException {
        Set<String> present = await(admin.listTopics().names());
        List<String> names = specs.stream().map(TopicSpec::name).filter(present::contains).toList();
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(names).allTopicNames());
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(
                names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all());
        return specs.stream().map(spec -> observe(spec, descriptions.get(spec.name()),
                configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())))).toList();
    }

    /**
     * Waits until the broker answering metadata requests knows every topic: a topic just created
     * (here or by a racing client) reaches the brokers' metadata a moment after the controller commits it.
     */
    private void awaitVisible(List<TopicSpec> specs) throws InterruptedException {
        Set<String> names = specs.stream().map(TopicSpec::name).collect(Collectors.toSet());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!await(admin.listTopics().names()).containsAll(names)) {
            if (System.nanoTime() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException(
                        "created topics did not become visible within " + timeout.toMillis() + " ms");
            }
            Thread.sleep(METADATA_POLL.toMillis());
        }
    }

    private static ObservedTopic observe(TopicSpec spec, TopicDescription description, Config config) {
        if (description == null) {
            return new ObservedTopic(spec, false, 0, Map.of());
        }
        Map<String, String> actual = new LinkedHashMap<>();
        spec.configs().keySet().forEach(key -> actual.put(key,
                Optional.ofNullable(config).map(c -> c.get(key)).map(ConfigEntry::value).orElse(null)));
        return new ObservedTopic(spec, true, description.partitions().size(), actual);
    }

    private static NewTopic newTopic(TopicSpec spec) {
        return new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty()).configs(spec.configs());
    }

    /** True when this call created the topic, false when another client created it first. */
    private boolean createdNow(KafkaFuture<Void> creation) throws InterruptedException {
        try {
            await(creation);
            return true;
        } catch (TopicExistsException raced) {
            return false;
        }
    }

    private <T> T await(KafkaFuture<T> future) throws InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KafkaException kafka) {
                throw kafka;
            }
            throw new KafkaException(e.getCause());
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException(
                    "the Kafka cluster did not answer within " + timeout.toMillis() + " ms", e);
        }
    }

    /**
     * What one {@link #apply} did.
     *
     * @param created topics this call created
     * @param existing topics that were already there (including any another client created meanwhile)
     * @param drift every difference between an existing topic and its spec
     */
    public record Result(List<TopicSpec> created, List<TopicSpec> existing, List<Drift> drift) {
    }

    /**
     * One setting in which an existing topic differs from its spec.
     *
     * @param topic topic name
     * @param setting {@code partitions} or a topic config key such as {@code retention.ms}
     * @param expected the spec's value
     * @param actual the cluster's value ({@code null} if the cluster did not report it)
     */
    public record Drift(String topic, String setting, String expected, String actual) {

        @Override
        public String toString() {
            return topic + ": " + setting + " is " + actual + ", catalogue says " + expected;
        }
    }

    /**
     * One spec next to what the cluster actually holds.
     *
     * @param spec the spec
     * @param exists whether the topic exists
     * @param partitions its partition count (0 if it does not exist)
     * @param configs the cluster's value of every config the spec sets (empty if it does not exist)
     */
    public record ObservedTopic(TopicSpec spec, boolean exists, int partitions, Map<String, String> configs) {

        public ObservedTopic {
            configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
        }

        /** Every way this topic differs from its spec; empty if it matches or does not exist. */
        public List<Drift> drift() {
            if (!exists) {
                return List.of();
            }
            List<Drift> drift = new ArrayList<>();
            if (partitions != spec.partitions()) {
                drift.add(new Drift(spec.name(), "partitions", Integer.toString(spec.partitions()), Integer.toString(partitions)));
            }
            spec.configs().forEach((key, expected) -> {
                String actual = configs.get(key);
                if (!expected.equals(actual)) {
                    drift.add(new Drift(spec.name(), key, expected, actual));
                }
            });
            return drift;
        }
    }
}
