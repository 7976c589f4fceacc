package dev.grpo.learner.train;

import ai.djl.Device;
import dev.grpo.policy.model.ModelPreset;
import dev.grpo.policy.model.PolicyModel;
import dev.grpo.policy.training.OptimizerSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AdamW's saved state resumes training exactly where it stopped. */
class AdamWTest {

    private static final OptimizerSettings SETTINGS =
            new OptimizerSettings(1e-2f, 2, 0, 1f, 0.01f, 0.9f, 0.999f, 1e-8f, 1f);

    @Test
    void savingAndRestoringBetweenStepsGivesTheSameWeightsAsTrainingStraightThrough() {
        try (PolicyModel straight = PolicyModel.create(ModelPreset.TINY.config(8), 3, Device.cpu());
             PolicyModel resumed = PolicyModel.create(ModelPreset.TINY.config(8), 3, Device.cpu())) {
            AdamW straightOptimizer = new AdamW(straight, SETTINGS);
            for (int i = 0; i < 3; i++) {
                GradientSteps.step(straight, straightOptimizer);
            }
            AdamW first = new AdamW(resumed, SETTINGS);
            GradientSteps.step(resumed, first);
            OptimizerState saved = first.state();
            AdamW second = new AdamW(resumed, SETTINGS);
            second.restore(saved);
            GradientSteps.step(resumed, second);
            GradientSteps.step(resumed, second);

            assertThat(second.steps()).isEqualTo(3);
            straight.parameters().forEach((name, parameter) -> assertThat(resumed.parameters().get(name).getArray()
                    .toFloatArray()).as(name).containsExactly(parameter.getArray().toFloatArray()));
        }
    }

    @Test
    void stateForADifferentModelIsRefused() {
        try (PolicyModel small = PolicyModel.create(ModelPreset.TINY.config(8), 3, Device.cpu());
             PolicyModel other = PolicyModel.create(ModelPreset.TINY.config(9), 3, Device.cpu())) {
            OptimizerState state = new AdamW(small, SETTINGS).state();
            assertThatThrownBy(() -> new AdamW(other, SETTINGS).restore(state))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("moments");
        }
    }
}
