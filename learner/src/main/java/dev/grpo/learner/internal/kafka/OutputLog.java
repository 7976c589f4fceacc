package dev.grpo.learner.internal.kafka;

import dev.grpo.learner.internal.checkpoint.OutputPosition;
import dev.grpo.learner.internal.kafka.ForwardHeaders.Forwarded;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The learner's stale and dead-letter topics as the log holds them. A checkpoint notes where each partition ends;
 * a resumed learner reads what it forwarded past those ends (found by {@link ForwardHeaders}) and counts those records
 * as done instead of forwarding them again, since the checkpoint and the forwards cannot commit atomically.
 */
public final class OutputLog {

    private static final Logger LOG = LoggerFactory.getLogger(OutputLog.class);
    private static final Duration READ_BACK_LIMIT = Duration.ofMinutes(2);

    private final Consumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final String learnerId;

    /**
     * @param consumer a read_uncommitted consumer of no group, used only here (the learner writes without
     *     transactions, and an open transaction of another stage must not hide the learner's own records)
     * @param topics the learner's topics
     * @param learnerId the learner whose forwards count
     */
    public OutputLog(Consumer<byte[], byte[]> consumer, Topics topics, String learnerId) {
        this.consumer = consumer;
        this.topics = topics;
        this.learnerId = learnerId;
    }

    /** @return where every partition of the stale and dead-letter topics ends now */
    public List<OutputPosition> ends() {
        return consumer.endOffsets(partitions()).entrySet().stream()
                .map(e -> new OutputPosition(e.getKey().topic(), e.getKey().partition(), e.getValue()))
                .sorted(java.util.Comparator.comparing(OutputPosition::topic).thenComparing(OutputPosition::partition))
                .toList();
    }

    /**
     * Reads what this learner forwarded after a checkpoint.
     *
     * @param marks the ends the checkpoint noted; partitions without one are read from {@code fallback}
     * @param fallback the checkpoint's time, for checkpoints written before ends were noted
     * @return the forwards found, in log order per partition
     */
    public List<Forwarded> forwardedSince(List<OutputPosition> marks, Instant fallback) {
        List<TopicPartition> partitions = partitions();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> starts = starts(partitions, marks, fallback, ends);
        List<TopicPartition> toRead = partitions.stream().filter(p -> starts.get(p) < ends.get(p)).toList();
        List<Forwarded> found = new ArrayList<>();
        if (toRead.isEmpty()) {
            return found;
        }
        consumer.assign(toRead);
        toRead.forEach(p -> consumer.seek(p, starts.get(p)));
        long deadline = System.nanoTime() + READ_BACK_LIMIT.toNanos();
        while (toRead.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read back the learner's forwards from " + toRead
                        + " within " + READ_BACK_LIMIT + "; refusing to resume without them");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    ForwardHeaders.read(record.headers(), learnerId, topics.advantages()).ifPresent(found::add);
                }
            }
        }
        consumer.unsubscribe();
        LOG.info("learner {} forwarded {} records after its checkpoint; they count as done", learnerId, found.size());
        return found;
    }

    private Map<TopicPartition, Long> starts(List<TopicPartition> partitions, List<OutputPosition> marks,
                                             Instant fallback, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> starts = new HashMap<>();
        marks.forEach(m -> starts.put(new TopicPartition(m.topic(), m.partition()), m.offset()));
        Map<TopicPartition, Long> unmarked = new HashMap<>();
        partitions.stream().filter(p -> !starts.containsKey(p)).forEach(p -> unmarked.put(p, fallback.toEpochMilli()));
        if (!unmarked.isEmpty()) {
            Map<TopicPartition, OffsetAndTimestamp> byTime = consumer.offsetsForTimes(unmarked);
            unmarked.keySet().forEach(p -> starts.put(p, Optional.ofNullable(byTime.get(p))
                    .map(OffsetAndTimestamp::offset).orElse(ends.get(p))));
        }
        return starts;
    }

    private List<TopicPartition> partitions() {
        return Stream.of(topics.stale(), topics.deadLetters()).distinct()
                .flatMap(topic -> consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())))
                .toList();
    }
}
