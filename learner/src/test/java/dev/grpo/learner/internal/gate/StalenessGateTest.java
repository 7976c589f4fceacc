package dev.grpo.learner.internal.gate;

import dev.grpo.learner.Samples;
import dev.grpo.records.AdvantageSample;
import dev.grpo.learner.internal.batch.ReceivedSample;
import dev.grpo.learner.internal.batch.TrainingGroup;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * A sample is trained at learner version v only when v − policy_version ≤ η; the rest are returned and counted. An
 * off-policy gate (training on history) admits every sample and measures no staleness.
 */
class StalenessGateTest {

    private static ReceivedSample member(int index, long policyVersion) {
        return Samples.received(Samples.sample("g", index, 3, new int[] {1}, new int[] {2}, new float[] {-1f}, 1.0,
                policyVersion), index);
    }

    @Test
    void samplesWithinTheBoundPassAndOlderOnesAreRefusedAndCounted() {
        StalenessGate gate = new StalenessGate(2);
        TrainingGroup group = new TrainingGroup("g", List.of(member(0, 5), member(1, 3), member(2, 2)));

        StalenessGate.Decision decision = gate.admit(group, 5);

        assertThat(decision.fresh()).hasValueSatisfying(fresh ->
                assertThat(fresh.members()).extracting(m -> m.sample().getIndex()).containsExactly(0, 1));
        assertThat(decision.stale()).extracting(m -> m.sample().getIndex()).containsExactly(2);
        assertThat(gate.staleCount()).isEqualTo(1);
    }

    @Test
    void aWhollyStaleGroupLeavesNothingToTrain() {
        StalenessGate gate = new StalenessGate(0);
        StalenessGate.Decision decision = gate.admit(new TrainingGroup("g", List.of(member(0, 1), member(1, 1))), 2);
        assertThat(decision.fresh()).isEmpty();
        assertThat(decision.stale()).hasSize(2);
        assertThat(gate.staleCount()).isEqualTo(2);
    }

    @Test
    void zeroStalenessIsAlwaysFreshEvenWithBoundZero() {
        StalenessGate gate = new StalenessGate(0);
        assertThat(gate.admit(new TrainingGroup("g", List.of(member(0, 4))), 4).stale()).isEmpty();
        assertThat(StalenessGate.staleness(member(0, 4), 7)).isEqualTo(3);
    }

    @Test
    void aPartialRolloutIsAsStaleAsItsOldestToken() {
        AdvantageSample partial = Samples.sample("g", 0, 1, new int[] {1}, new int[] {2, 3, 4, 5},
                Samples.uniformLogProbs(4), 1.0, 3);
        partial.setTokenPolicyVersions(List.of(3L, 3L, 4L, 5L));
        ReceivedSample member = Samples.received(partial, 0);

        StalenessGate.Decision decision = new StalenessGate(2).admit(new TrainingGroup("g", List.of(member)), 6);

        assertThat(StalenessGate.staleness(member, 6)).isEqualTo(3);
        assertThat(decision.stale()).containsExactly(member);
        assertThat(decision.fresh()).isEmpty();
    }

    @Test
    void theHistogramCountsTrainedSamplesPerStaleness() {
        StalenessGate gate = new StalenessGate(3);
        List<TrainingGroup> groups = List.of(new TrainingGroup("g", List.of(member(0, 5), member(1, 4))),
                new TrainingGroup("h", List.of(member(0, 5))));

        assertThat(gate.histogram(groups, 6)).containsExactly(entry(1L, 2), entry(2L, 1));
    }

    @Test
    void theTokenHistogramCountsEachTokenOfAPartialRolloutFromItsOwnVersion() {
        AdvantageSample partial = Samples.sample("g", 1, 2, new int[] {1}, new int[] {2, 3, 4, 5},
                Samples.uniformLogProbs(4), 1.0, 3);
        partial.setTokenPolicyVersions(List.of(3L, 3L, 4L, 5L));
        AdvantageSample whole = Samples.sample("g", 0, 2, new int[] {1}, new int[] {2, 3, 4},
                Samples.uniformLogProbs(3), 1.0, 4);
        List<TrainingGroup> groups = List.of(new TrainingGroup("g", List.of(Samples.received(whole, 0),
                Samples.received(partial, 1))));

        assertThat(new StalenessGate(2).tokenHistogram(groups, 5))
                .containsExactly(entry(0L, 1L), entry(1L, 4L), entry(2L, 2L));
        assertThat(StalenessGate.offPolicy().tokenHistogram(groups, 5)).isEmpty();
    }

    @Test
    void anOffPolicyGateAdmitsSamplesFromAnyVersionAndCountsNothingAsStale() {
        StalenessGate gate = StalenessGate.offPolicy();
        TrainingGroup history = new TrainingGroup("g", List.of(member(0, 0), member(1, 250), member(2, 3)));

        StalenessGate.Decision decision = gate.admit(history, 40);

        assertThat(decision.stale()).isEmpty();
        assertThat(decision.fresh()).hasValueSatisfying(fresh ->
                assertThat(fresh.members()).extracting(m -> m.sample().getIndex()).containsExactly(0, 1, 2));
        assertThat(gate.staleCount()).isZero();
        assertThat(gate.histogram(List.of(history), 40)).isEmpty();
        assertThat(gate.maxStaleness()).isEqualTo(-1);
    }

    @Test
    void aNegativeBoundIsRefused() {
        assertThatThrownBy(() -> new StalenessGate(-1)).hasMessageContaining("max staleness");
    }
}
