package dev.grpo.streams.internal.replay;

import dev.grpo.records.Rollout;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the replayed range holds, counted by reading it once before the replay starts: the rollouts
 * of each partition, and which groups have all their members inside the range (those the replay
 * must assemble) or only some (groups cut by the range's edges, which cannot be assembled).
 *
 * @param partitions per partition: rollouts in range, the oldest timestamp and the last offset
 * @param completeGroups ids of the groups whose every member is in the range
 * @param cutGroups how many groups have only some members in the range
 */
public record RangeCensus(List<PartitionCensus> partitions, Set<String> completeGroups, int cutGroups) {

    public RangeCensus {
        partitions = List.copyOf(partitions);
        completeGroups = Set.copyOf(completeGroups);
    }

    /** Reads the ranges of {@code bounds} from {@code log} and counts what they hold. */
    public static RangeCensus take(ReplayBounds bounds, RolloutLog log) {
        Map<String, int[]> members = new HashMap<>();
        List<PartitionCensus> partitions = bounds.partitions().stream().map(range -> {
            long[] counts = {0, Long.MAX_VALUE, -1};
            log.scan(range, record -> {
                count(record, counts);
                log.decode(record).ifPresent(rollout -> join(members, rollout));
                return true;
            });
            return new PartitionCensus(range, counts[0], counts[1] == Long.MAX_VALUE ? -1 : counts[1], counts[2]);
        }).toList();
        Set<String> complete = new HashSet<>();
        members.forEach((group, seen) -> {
            if (seen[0] >= seen[1]) {
                complete.add(group);
            }
        });
        return new RangeCensus(partitions, complete, members.size() - complete.size());
    }

    private static void count(ConsumerRecord<byte[], byte[]> record, long[] counts) {
        counts[0]++;
        counts[1] = Math.min(counts[1], record.timestamp());
        counts[2] = record.offset();
    }

    private static void join(Map<String, int[]> members, Rollout rollout) {
        members.computeIfAbsent(rollout.getGroupId(), g -> new int[] {0, rollout.getGroupSize()})[0]++;
    }

    /** Rollouts in the range, over all partitions. */
    public long rollouts() {
        return partitions.stream().mapToLong(PartitionCensus::rollouts).sum();
    }

    /** The census of {@code partition}. */
    public PartitionCensus of(int partition) {
        return partitions.stream().filter(p -> p.range().partition() == partition).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no partition " + partition + " in the census"));
    }

    /**
     * What one partition's range holds.
     *
     * @param range the replayed offsets
     * @param rollouts records in them
     * @param oldestTimestamp the smallest record timestamp in them (epoch ms), or -1 when there are none
     * @param lastOffset the offset of the last record in them, or -1 when there are none
     */
    public record PartitionCensus(PartitionRange range, long rollouts, long oldestTimestamp, long lastOffset) {
    }
}
