package dev.grpo.producers.internal.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
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
 * twice that across a rebalance) waits in memory.
 *
 * <p>Cancelling the flux closes the consumer and leaves its group, even as a static member ({@code
 * group.instance.id}), whose plain close would stay in the group until its session times out: a member stopped on
 * purpose hands its partitions to the others at once. A consumer that failed is closed without leaving: a fenced
 * static member is no longer the one its group knows under its instance id. {@link #awaitClosed} waits for the
 * closes, so a process can leave its group before it exits.
 *
 * <p>Offsets are whatever the consumer's config says: with auto-commit, a record fetched but not yet emitted when
 * the process dies is not seen again (at-most-once), which is what prompt reading wants.
 */
public final class KafkaRecordFlux<K, V> {

    private final Supplier<Consumer<K, V>> consumers;
    private final List<String> topics;
    private final Duration pollTimeout;
    private final Set<Thread> pollers = ConcurrentHashMap.newKeySet();

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
            pollers.add(poller);
            poller.start();
        }, FluxSink.OverflowStrategy.ERROR);
    }

    /**
     * Waits until every consumer this flux opened is closed; meant for after a cancel, whose close leaves the group.
     *
     * @param patience the longest wait
     * @return whether every consumer is closed
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitClosed(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        for (Thread poller : pollers) {
            TimeUnit.NANOSECONDS.timedJoin(poller, Math.max(1, deadline - System.nanoTime()));
        }
        return pollers.isEmpty();
    }

    private void pollLoop(FluxSink<ConsumerRecord<K, V>> sink) {
        try {
            Consumer<K, V> consumer = consumers.get();
            try {
                poll(consumer, sink);
            } catch (RuntimeException e) {
                closeAfter(consumer, e);
                sink.error(e);
                return;
            }
            consumer.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP));
        } catch (RuntimeException e) {
            sink.error(e);
        } finally {
            pollers.remove(Thread.currentThread());
        }
    }

    private void poll(Consumer<K, V> consumer, FluxSink<ConsumerRecord<K, V>> sink) {
        Deque<ConsumerRecord<K, V>> fetched = new ArrayDeque<>();
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
    }

    private static void closeAfter(Consumer<?, ?> consumer, RuntimeException failure) {
        try {
            consumer.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
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
