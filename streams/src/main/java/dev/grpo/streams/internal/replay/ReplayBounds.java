package dev.grpo.streams.internal.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The part of the history a replay re-scores, from a position up to another or to the end, resolved against the
 * rollouts topic: the offsets replayed on every partition. The end of an open range is the end of each partition when the replay starts, so
 * rollouts produced while it runs are not replayed. {@code offset:N} applies to every partition (one
 * that ends before N replays nothing); {@code earliest} from each partition's log start; {@code timestamp:T} is found with the broker's time index;
 * {@code version:V} by a linear scan of each partition from its log start (policy versions are not
 * monotonic across generators, so a binary search could miss the first such rollout).
 *
 * @param topic the rollouts topic
 * @param partitions the range of every partition, in partition order
 */
public record ReplayBounds(String topic, List<PartitionRange> partitions) {

    public ReplayBounds {
        partitions = List.copyOf(partitions);
    }

    /**
     * Resolves the range from {@code from} (inclusive) up to {@code to} (exclusive), or up to the end of every partition
     * as it stands now, on {@code log}.
     *
     * @throws ImpossibleReplayException when {@code --from} lies before the retained history of a partition
     *         (those rollouts were deleted) or past the end of every partition, naming the partition(s)
     *         and what they retain
     */
    public static ReplayBounds resolve(HistoryPosition from, Optional<HistoryPosition> to, RolloutLog log) {
        List<RetainedPartition> retained = log.retained();
        List<PartitionRange> partitions = new ArrayList<>();
        for (RetainedPartition partition : retained) {
            long start = start(from, partition, log);
            long end = to.map(position -> end(position, partition, start, log)).orElse(partition.logEnd());
            partitions.add(new PartitionRange(partition.partition(), start, Math.max(start, end)));
        }
        checkReachesHistory(from, retained, partitions, log.topic());
        return new ReplayBounds(log.topic(), partitions);
    }

    /** The range of {@code partition}. */
    public PartitionRange of(int partition) {
        return partitions.stream().filter(p -> p.partition() == partition).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(topic + " has no partition " + partition));
    }

    /** The ranges as {@code partition:start..end} joined by spaces. */
    public String text() {
        return partitions.stream().map(PartitionRange::text).collect(Collectors.joining(" "));
    }

    private static long start(HistoryPosition from, RetainedPartition partition, RolloutLog log) {
        String where = log.topic() + "-" + partition.partition() + ": --from " + from.text();
        if (from instanceof HistoryPosition.Earliest) {
            return partition.logStart();
        }
        if (from instanceof HistoryPosition.Offset offset) {
            return startAtOffset(offset.offset(), partition, where);
        }
        PartitionRange all = new PartitionRange(partition.partition(), partition.logStart(), partition.logEnd());
        if (from instanceof HistoryPosition.Timestamp timestamp) {
            OptionalLong found = log.offsetAt(partition.partition(), timestamp.instant());
            if (partition.truncated() && found.isPresent() && found.getAsLong() == partition.logStart()) {
                Instant oldest = Instant.ofEpochMilli(log.first(all).map(ConsumerRecord::timestamp).orElseThrow());
                if (oldest.isAfter(timestamp.instant())) {
                    throw new ImpossibleReplayException(where + " is earlier than the retained history (retained "
                            + partition.text() + ", the oldest written at " + oldest + "; earlier rollouts were deleted)");
                }
            }
            return found.orElse(partition.logEnd());
        }
        long version = ((HistoryPosition.Version) from).version();
        if (partition.truncated()) {
            Optional<Long> oldest = log.first(all).flatMap(log::decode).map(rollout -> rollout.getPolicyVersion());
            if (oldest.isPresent() && oldest.get() >= version) {
                throw new ImpossibleReplayException(where + " may begin before the retained history (retained "
                        + partition.text() + " begins at policy version " + oldest.get() + "; earlier rollouts were deleted)");
            }
        }
        return log.firstAtVersion(all, version).orElse(partition.logEnd());
    }

    private static long startAtOffset(long offset, RetainedPartition partition, String where) {
        if (offset < partition.logStart()) {
            throw new ImpossibleReplayException(where + " is no longer retained (retained " + partition.text()
                    + "; earlier rollouts were deleted)");
        }
        return Math.min(offset, partition.logEnd());
    }

    private static long end(HistoryPosition to, RetainedPartition partition, long start, RolloutLog log) {
        if (to instanceof HistoryPosition.Offset offset) {
            return Math.min(offset.offset(), partition.logEnd());
        }
        if (to instanceof HistoryPosition.Timestamp timestamp) {
            return log.offsetAt(partition.partition(), timestamp.instant()).orElse(partition.logEnd());
        }
        PartitionRange rest = new PartitionRange(partition.partition(), start, partition.logEnd());
        return log.firstAtVersion(rest, ((HistoryPosition.Version) to).version()).orElse(partition.logEnd());
    }

    /** A position no retained rollout reaches would replay nothing: refused rather than silently empty. */
    private static void checkReachesHistory(HistoryPosition from, List<RetainedPartition> retained,
            List<PartitionRange> partitions, String topic) {
        boolean reached = partitions.stream().anyMatch(p -> p.start() < retainedOf(retained, p.partition()).logEnd());
        if (reached) {
            return;
        }
        String history = retained.stream().map(p -> topic + "-" + p.partition() + " " + p.text())
                .collect(Collectors.joining(", "));
        throw new ImpossibleReplayException(topic + ": --from " + from.text() + " is past the end of the history: "
                + (from instanceof HistoryPosition.Version ? "no retained rollout has a policy version that high"
                        : from instanceof HistoryPosition.Offset ? "no partition holds a rollout at that offset"
                        : "no retained rollout was written that late")
                + " (retained " + history + ")");
    }

    private static RetainedPartition retainedOf(List<RetainedPartition> retained, int partition) {
        return retained.stream().filter(r -> r.partition() == partition).findFirst().orElseThrow();
    }
}
