package dev.grpo.tests.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.RecordSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Plays the learner at a controlled pace: collects complete groups in arrival order, and once {@code waitFor}
 * of them are pending trains on the oldest {@code groupsPerStep} (recording each one's staleness), then
 * announces the next version, until {@code lastVersion} is announced.
 */
final class StandInLearner implements AutoCloseable {

    /** A group as the learner trained on it. */
    record Trained(String groupId, long policyVersion, long learnerVersion) {
        long staleness() {
            return learnerVersion - policyVersion;
        }
    }

    private final GeneratorSetup setup;
    private final int groupSize;
    private final int groupsPerStep;
    private final int waitFor;
    private final long lastVersion;
    private final Map<Long, String> shas;
    private final List<Trained> trained = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long version;
    private volatile Throwable failure;

    StandInLearner(GeneratorSetup setup, int groupSize, int groupsPerStep, int waitFor, long lastVersion,
                   Map<Long, String> shas) {
        this.setup = setup;
        this.groupSize = groupSize;
        this.groupsPerStep = groupsPerStep;
        this.waitFor = waitFor;
        this.lastVersion = lastVersion;
        this.shas = shas;
        this.thread = new Thread(this::learn, "stand-in-learner");
        thread.start();
    }

    private void learn() {
        Map<String, List<Rollout>> arriving = new HashMap<>();
        LinkedHashMap<String, Long> pending = new LinkedHashMap<>();
        try (KafkaConsumer<String, Rollout> consumer = new KafkaConsumer<>(setup.kafka.consumerConfig(),
                new StringDeserializer(), RecordSerdes.rollout().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(setup.topics.rollouts()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running && version < lastVersion) {
                for (ConsumerRecord<String, Rollout> record : consumer.poll(Duration.ofMillis(50))) {
                    List<Rollout> members = arriving.computeIfAbsent(record.key(), k -> new ArrayList<>());
                    members.add(record.value());
                    if (members.size() == groupSize) {
                        pending.put(record.key(), record.value().getPolicyVersion());
                    }
                }
                if (pending.size() >= waitFor) {
                    step(pending);
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    private void step(LinkedHashMap<String, Long> pending) {
        var oldest = pending.entrySet().iterator();
        for (int i = 0; i < groupsPerStep; i++) {
            Map.Entry<String, Long> group = oldest.next();
            trained.add(new Trained(group.getKey(), group.getValue(), version));
            oldest.remove();
        }
        version++;
        setup.publishVersion(version, TinyCheckpoints.directory(setup.checkpoints, version), shas.get(version));
    }

    /** @return the groups trained so far, in training order */
    List<Trained> trained() {
        return List.copyOf(trained);
    }

    /**
     * Waits until {@code wanted} is announced.
     *
     * @return how long it took
     */
    Duration awaitVersion(long wanted, Duration patience) {
        long started = System.nanoTime();
        await().atMost(patience).pollInterval(Duration.ofMillis(10))
                .failFast("the stand-in learner failed", () -> {
                    if (failure != null) {
                        throw new AssertionError("the stand-in learner failed", failure);
                    }
                })
                .untilAsserted(() -> assertThat(version).as("the stand-in learner's version; trained " + trained)
                        .isGreaterThanOrEqualTo(wanted));
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Waits until the last version is announced. */
    void awaitLastVersion(Duration patience) throws InterruptedException {
        thread.join(patience.toMillis());
        if (failure != null) {
            throw new AssertionError("the stand-in learner failed", failure);
        }
        if (thread.isAlive()) {
            throw new AssertionError("the stand-in learner reached only version " + version + " of " + lastVersion
                    + " within " + patience + "; trained " + trained);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
