package dev.grpo.producers.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A Kafka consumer as a demand-driven {@link Flux}: the consumer runs on its own thread and keeps polling (so it
 * stays in its group), but its partitions are paused whenever downstream has no outstanding demand, so records
 * are only fetched when someone asked for them. At most one poll's worth of records ({@code max.poll.records},
 * twice that across a rebalance) waits in memory. Cancelling the flux closes the consumer.
 *
 * <p>Offsets are whatever the consumer's config says: with auto-commit, a record fetched but not yet emitted when
 * the process dies is not seen again (at-most-once), which is what prompt reading wants.
 */
public final class KafkaRecordFlux<K, V> {

    private final Supplier<Consumer<K, V>> consumers;
    private final List<String> topics;
    private final Duration pollTimeout;

    /**
     * @param consumers makes the consumer, once per subscription, on the polling thread
     * @param topics the topics to subscribe to
     * @param pollTimeout the longest one poll blocks
     */
    public KafkaRecordFlux(Supplier<Consumer<K, V>> consumers, Collection<String> topics, Duration pollTimeout) {
        this.consumers = consumers;
        this.topics = List.copyOf(topics);
        this.pollTimeout = pollTimeout;
    }

    /** @return the records, in poll order */
    public Flux<ConsumerRecord<K, V>> records() {
        return Flux.create(sink -> {
            Thread poller = new Thread(() -> pollLoop(sink), "kafka-flux-" + String.join(",", topics));
            poller.setDaemon(true);
            poller.start();
        }, FluxSink.OverflowStrategy.ERROR);
    }

    private void pollLoop(FluxSink<ConsumerRecord<K, V>> sink) {
        Deque<ConsumerRecord<K, V>> fetched = new ArrayDeque<>();
        try (Consumer<K, V> consumer = consumers.get()) {
            sink.onRequest(n -> consumer.wakeup());
            sink.onDispose(consumer::wakeup);
            consumer.subscribe(topics);
            while (!sink.isCancelled()) {
                emit(sink, fetched);
                throttle(consumer, !fetched.isEmpty() || sink.requestedFromDownstream() == 0);
                try {
                    consumer.poll(pollTimeout).forEach(fetched::add);
                } catch (WakeupException e) {
                    // a new request or a cancel: go round and look again
                }
            }
        } catch (RuntimeException e) {
            sink.error(e);
        }
    }

    private static <K, V> void emit(FluxSink<ConsumerRecord<K, V>> sink, Deque<ConsumerRecord<K, V>> fetched) {
        while (!fetched.isEmpty() && sink.requestedFromDownstream() > 0 && !sink.isCancelled()) {
            sink.next(fetched.poll());
        }
    }

    private static void throttle(Consumer<?, ?> consumer, boolean hold) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (hold) {
            consumer.pause(assigned);
        } else {
            consumer.resume(assigned);
        }
    }
}
