package dev.grpo.coderewards.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.coderewards.internal.stage.InFlightOffsets.Committable;
import dev.grpo.coderewards.internal.stage.InFlightOffsets.Slot;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InFlightOffsetsTest {

    private static final TopicPartition P0 = new TopicPartition("rollouts", 0);
    private static final TopicPartition P1 = new TopicPartition("rollouts", 1);

    private final InFlightOffsets<String> ledger = new InFlightOffsets<>();

    @Test
    void nothingIsCommittableWhileTheOldestRecordIsUnfinished() {
        ledger.track(P0, 10);
        Slot<String> later = ledger.track(P0, 11);
        ledger.finish(later, "s11");

        assertThat(ledger.drainCommittable().isEmpty()).isTrue();
        assertThat(ledger.size()).isEqualTo(2);
        assertThat(ledger.unfinished()).isEqualTo(1);
    }

    @Test
    void commitsTheUnbrokenRunOfFinishedRecordsAndStopsAtTheFirstGap() {
        Slot<String> first = ledger.track(P0, 10);
        Slot<String> second = ledger.track(P0, 11);
        ledger.track(P0, 12);
        Slot<String> fourth = ledger.track(P0, 13);
        ledger.finish(fourth, "s13");
        ledger.finish(second, "s11");
        ledger.finish(first, "s10");

        Committable<String> committable = ledger.drainCommittable();

        assertThat(committable.results()).containsExactly("s10", "s11");
        assertThat(committable.nextOffsets()).isEqualTo(Map.of(P0, 12L));
        assertThat(ledger.size()).isEqualTo(2);
    }

    @Test
    void aFinishedGapReleasesWhatWaitedBehindIt() {
        Slot<String> first = ledger.track(P0, 10);
        Slot<String> second = ledger.track(P0, 11);
        ledger.finish(second, "s11");
        ledger.drainCommittable();
        ledger.finish(first, "s10");

        Committable<String> committable = ledger.drainCommittable();

        assertThat(committable.results()).containsExactly("s10", "s11");
        assertThat(committable.nextOffsets()).isEqualTo(Map.of(P0, 12L));
        assertThat(ledger.size()).isZero();
    }

    @Test
    void partitionsCommitIndependently() {
        Slot<String> a = ledger.track(P0, 5);
        ledger.track(P1, 7);
        ledger.finish(a, "a");

        assertThat(ledger.drainCommittable().nextOffsets()).isEqualTo(Map.of(P0, 6L));
    }

    @Test
    void workOfAForgottenPartitionIsIgnoredEvenWhenItsOffsetIsTrackedAgain() {
        Slot<String> abandoned = ledger.track(P0, 10);
        ledger.forget(List.of(P0));
        assertThat(ledger.size()).isZero();
        Slot<String> again = ledger.track(P0, 10);

        assertThat(ledger.finish(abandoned, "stale")).isFalse();
        assertThat(ledger.drainCommittable().isEmpty()).isTrue();
        assertThat(ledger.finish(again, "fresh")).isTrue();
        assertThat(ledger.drainCommittable().results()).containsExactly("fresh");
    }

    @Test
    void aSlotIsFinishedOnce() {
        Slot<String> slot = ledger.track(P0, 1);
        assertThat(ledger.finish(slot, "first")).isTrue();
        assertThat(ledger.finish(slot, "second")).isFalse();
        assertThat(ledger.drainCommittable().results()).containsExactly("first");
    }

    @Test
    void aRecordPolledTwiceIsRefused() {
        ledger.track(P0, 3);
        assertThatThrownBy(() -> ledger.track(P0, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rollouts-0@3");
    }
}
