package dev.grpo.streams.internal.assembler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GroupAdvantagesTest {

    @Test
    void normalisesByThePopulationStandardDeviationPlusEpsilon() {
        double[] advantages = GroupAdvantages.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9}, true, 0.0);

        // mean 5, population std 2
        assertThat(advantages).containsExactly(new double[] {-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2}, within(1e-12));
    }

    @Test
    void epsilonKeepsAUniformGroupAtZero() {
        assertThat(GroupAdvantages.of(new double[] {1, 1, 1}, true, 1e-4)).containsExactly(0, 0, 0);
    }

    @Test
    void withoutStdScalingAdvantagesAreCentredRewards() {
        assertThat(GroupAdvantages.of(new double[] {1, 0, 0, 0}, false, 1e-4)).containsExactly(0.75, -0.25, -0.25, -0.25);
    }

    @Test
    void advantagesOfAGroupSumToZero() {
        double[] advantages = GroupAdvantages.of(new double[] {0.3, 2.5, 1.0, 0.0, 1.7}, true, 1e-4);

        assertThat(java.util.Arrays.stream(advantages).sum()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void tellsUniformGroups() {
        assertThat(GroupAdvantages.uniform(new double[] {2, 2, 2})).isTrue();
        assertThat(GroupAdvantages.uniform(new double[] {2, 2, 2.0000001})).isFalse();
    }
}
