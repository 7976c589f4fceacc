package dev.grpo.streams.internal.replay;

/**
 * What one partition of the rollouts topic still holds: the offsets from its log start (earlier
 * records were deleted by retention) up to its end.
 *
 * @param partition the partition
 * @param logStart the first offset still stored
 * @param logEnd the offset the next record will get
 */
record RetainedPartition(int partition, long logStart, long logEnd) {

    public RetainedPartition {
        if (logStart < 0 || logEnd < logStart) {
            throw new IllegalArgumentException("partition " + partition + ": retained offsets " + logStart + ".."
                    + logEnd + " are not a range");
        }
    }

    /** Whether retention has deleted records from this partition. */
    public boolean truncated() {
        return logStart > 0;
    }

    /** The retained offsets, as {@code start..end} (end exclusive). */
    public String text() {
        return "offsets " + logStart + ".." + logEnd;
    }
}
