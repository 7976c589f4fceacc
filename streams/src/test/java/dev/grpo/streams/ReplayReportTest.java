package dev.grpo.streams;

import dev.grpo.streams.internal.replay.PartitionRange;
import dev.grpo.streams.internal.replay.RangeCensus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayReportTest {

    @Test
    void summarisesRolloutsSamplesGroupsAndPartitions() {
        ReplayReport report = new ReplayReport("v2", List.of("grpo.rewards.rules.v2", "grpo.advantages.v2", "grpo.dlq.v2"),
                List.of(new RangeCensus.PartitionCensus(new PartitionRange(0, 10, 22), 12, 1_000, 21),
                        new RangeCensus.PartitionCensus(new PartitionRange(1, 4, 8), 4, 2_000, 7)),
                12, 3, 1, 0, 1, 2, Duration.ofMillis(2_500));

        assertThat(report.rolloutsRead()).isEqualTo(16);
        assertThat(report.lines()).containsExactly(
                "replay v2 finished in 2.5 s: 16 rollouts read, 12 samples written to grpo.rewards.rules.v2, "
                        + "grpo.advantages.v2, grpo.dlq.v2",
                "groups: 3 assembled, 1 dropped as uniform, 0 dead-lettered, 1 cut by the range's edges; 2 dead letters",
                "  partition 0: offsets 10..22, 12 rollouts",
                "  partition 1: offsets 4..8, 4 rollouts");
    }
}
