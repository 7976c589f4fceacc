package dev.grpo.learner.internal.kafka;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A partition resumes at its oldest pending record and skips the done records above it. */
class ConsumedOffsetsTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    void resumesAtTheOldestPendingRecordAndListsTheDoneOnesAbove() {
        ConsumedOffsets offsets = new ConsumedOffsets();
        for (long offset = 0; offset < 6; offset++) {
            offsets.received(P0, offset);
        }
        List.of(0L, 1L, 3L, 5L).forEach(offset -> offsets.handled(P0, offset));

        Map<TopicPartition, ResumePoint> points = offsets.resumePoints(Map.of(P0, 6L, P1, 9L));

        assertThat(points.get(P0)).isEqualTo(new ResumePoint(2, List.of(3L, 5L)));
        assertThat(points.get(P1)).isEqualTo(new ResumePoint(9, List.of()));
    }

    @Test
    void aPartitionWithNothingPendingResumesAtItsPosition() {
        ConsumedOffsets offsets = new ConsumedOffsets();
        offsets.received(P0, 0);
        offsets.handled(P0, 0);
        // offset 1 was an aborted-transaction marker the consumer skipped
        assertThat(offsets.resumePoints(Map.of(P0, 2L)).get(P0)).isEqualTo(new ResumePoint(2, List.of()));
    }

    @Test
    void aRestoredLearnerSkipsWhatTheCheckpointCountsAsDone() {
        ConsumedOffsets offsets = new ConsumedOffsets();
        offsets.restore(Map.of(P0, new ResumePoint(2, List.of(3L, 5L))));

        assertThat(offsets.isDone(P0, 2)).isFalse();
        assertThat(offsets.isDone(P0, 3)).isTrue();
        assertThat(offsets.isDone(P0, 5)).isTrue();
        offsets.received(P0, 2);
        offsets.received(P0, 4);
        offsets.handled(P0, 4);
        assertThat(offsets.resumePoints(Map.of(P0, 6L)).get(P0)).isEqualTo(new ResumePoint(2, List.of(3L, 4L, 5L)));
    }

    @Test
    void doneOffsetsPastThePositionAreKeptForwardsReadBackAfterARestart() {
        ConsumedOffsets offsets = new ConsumedOffsets();
        offsets.restore(Map.of(P0, new ResumePoint(2, List.of())));
        offsets.handled(P0, 9);
        offsets.received(P0, 2);
        assertThat(offsets.resumePoints(Map.of(P0, 4L)).get(P0)).isEqualTo(new ResumePoint(2, List.of(9L)));
    }
}
