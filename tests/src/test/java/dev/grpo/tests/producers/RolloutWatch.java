package dev.grpo.tests.producers;

import static org.awaitility.Awaitility.await;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reads a rollouts topic from its start as rollouts arrive and notes when each one was seen, so a test can time how
 * long a generator took to publish its first group.
 */
final class RolloutWatch implements AutoCloseable {

    /** A rollout and the {@link System#nanoTime()} at which the watch read it. */
    record Seen(Rollout rollout, long seenAt) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    RolloutWatch(KafkaCluster kafka, String topic) {
        KafkaConsumer<String, Rollout> consumer = new KafkaConsumer<>(kafka.consumerConfig(), new StringDeserializer(),
                RecordSerdes.rollout().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(() -> watch(consumer), "rollout-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch(KafkaConsumer<String, Rollout> consumer) {
        try (consumer) {
            while (running) {
                for (ConsumerRecord<String, Rollout> record : consumer.poll(Duration.ofMillis(50))) {
                    seen.add(new Seen(record.value(), System.nanoTime()));
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /**
     * Waits for the first rollout that matches.
     *
     * @param what describes the rollout wanted, for the failure message
     * @return when it was seen ({@link System#nanoTime()})
     * @throws AssertionError when none arrives within {@code patience}
     */
    long awaitFirst(Predicate<Rollout> wanted, Duration patience, Supplier<String> what) {
        try {
            return await().atMost(patience).pollInterval(Duration.ofMillis(20)).failFast(this::rethrowFailure)
                    .until(() -> seen.stream().filter(s -> wanted.test(s.rollout())).findFirst(), Optional::isPresent)
                    .orElseThrow().seenAt();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no rollout " + what.get() + " within " + patience + " (" + seen.size() + " seen)");
        }
    }

    /** Waits until at least {@code count} rollouts have been seen. */
    void awaitCount(int count, Duration patience) {
        await(count + " rollouts").atMost(patience).pollInterval(Duration.ofMillis(20)).failFast(this::rethrowFailure)
                .until(seen::size, size -> size >= count);
    }

    private void rethrowFailure() {
        if (failure != null) {
            throw new AssertionError("the rollout watch failed", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
