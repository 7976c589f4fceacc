package dev.grpo.streams;

import dev.grpo.streams.internal.replay.RangeCensus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a finished replay did: where it read, what it wrote, and what became of the groups of its
 * range. Every group whose members all lie in the range ends assembled, dropped as uniform or
 * dead-lettered; groups cut by the range's edges are counted, not assembled.
 *
 * @param run the run's name
 * @param outputs the topics written
 * @param partitions per partition: the range and the rollouts read in it
 * @param samplesWritten advantage samples written
 * @param groupsAssembled groups of the range assembled into samples
 * @param groupsDroppedUniform groups dropped because all their rewards were equal (groups.drop-uniform)
 * @param groupsDeadLettered groups of the range not assembled, with dead letters saying why
 * @param groupsCut groups with only some members in the range
 * @param deadLetters dead letters written
 * @param elapsed how long the replay ran
 */
public record ReplayReport(String run, List<String> outputs, List<RangeCensus.PartitionCensus> partitions,
        long samplesWritten, int groupsAssembled, long groupsDroppedUniform, int groupsDeadLettered, int groupsCut,
        long deadLetters, Duration elapsed) {

    public ReplayReport {
        outputs = List.copyOf(outputs);
        partitions = List.copyOf(partitions);
    }

    /** Rollouts read from the range, over all partitions. */
    public long rolloutsRead() {
        return partitions.stream().mapToLong(RangeCensus.PartitionCensus::rollouts).sum();
    }

    /** The summary printed at the end of {@code grpo replay}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "replay %s finished in %.1f s: %d rollouts read, %d samples written to %s",
                run, elapsed.toMillis() / 1000.0, rolloutsRead(), samplesWritten, String.join(", ", outputs)));
        lines.add(String.format(Locale.ROOT, "groups: %d assembled, %d dropped as uniform, %d dead-lettered, "
                + "%d cut by the range's edges; %d dead letters", groupsAssembled, groupsDroppedUniform,
                groupsDeadLettered, groupsCut, deadLetters));
        for (RangeCensus.PartitionCensus partition : partitions) {
            lines.add(String.format(Locale.ROOT, "  partition %d: offsets %d..%d, %d rollouts",
                    partition.range().partition(), partition.range().start(), partition.range().end(), partition.rollouts()));
        }
        return lines;
    }
}
