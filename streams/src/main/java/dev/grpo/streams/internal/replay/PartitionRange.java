package dev.grpo.streams.internal.replay;

/**
 * The offsets of one rollouts partition a replay re-scores: {@code start} inclusive to
 * {@code end} exclusive.
 *
 * @param partition the partition
 * @param start the first offset replayed
 * @param end the first offset not replayed
 */
public record PartitionRange(int partition, long start, long end) {

    public PartitionRange {
        if (partition < 0 || start < 0 || end < start) {
            throw new IllegalArgumentException("partition " + partition + ": " + start + ".." + end + " is not a range");
        }
    }

    /** Whether the replay re-scores the record at {@code offset}. */
    public boolean contains(long offset) {
        return offset >= start && offset < end;
    }

    /** Whether nothing of this partition is replayed. */
    public boolean isEmpty() {
        return start == end;
    }

    /** The range as {@code partition:start..end}. */
    public String text() {
        return partition + ":" + start + ".." + end;
    }
}
