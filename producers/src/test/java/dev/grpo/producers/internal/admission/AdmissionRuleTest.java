package dev.grpo.producers.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdmissionRuleTest {

    @Test
    void withZeroStalenessOnlyOneStepOfGroupsPerVersionIsAdmitted() {
        AdmissionRule rule = new AdmissionRule(4, 0);

        assertThat(rule.admits(3, 0)).isTrue();
        assertThat(rule.admits(4, 0)).isFalse();
        assertThat(rule.admits(4, 1)).isTrue();
        assertThat(rule.admits(8, 1)).isFalse();
    }

    @Test
    void eachUnitOfStalenessAdmitsOneMoreStepAhead() {
        AdmissionRule rule = new AdmissionRule(4, 2);

        assertThat(rule.limit(0)).isEqualTo(12);
        assertThat(rule.limit(5)).isEqualTo(32);
        assertThat(rule.admits(11, 0)).isTrue();
        assertThat(rule.admits(12, 0)).isFalse();
    }

    @Test
    void aGroupAdmittedUnderTheLimitIsTrainedAtMostEtaVersionsAfterItsOwn() {
        int groupsPerStep = 3;
        for (int eta = 0; eta <= 3; eta++) {
            AdmissionRule rule = new AdmissionRule(groupsPerStep, eta);
            for (long version = 0; version < 5; version++) {
                for (long n = 0; n < 40; n++) {
                    long trainedAt = n / groupsPerStep;
                    if (rule.admits(n, version)) {
                        assertThat(trainedAt - version).isLessThanOrEqualTo(eta);
                    }
                }
            }
        }
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new AdmissionRule(0, 1)).hasMessageContaining("groups per step");
        assertThatThrownBy(() -> new AdmissionRule(1, -1)).hasMessageContaining("max staleness");
    }
}
