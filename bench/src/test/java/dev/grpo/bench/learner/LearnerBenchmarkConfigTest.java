package dev.grpo.bench.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.bench.learner.LearnerBenchmark.Config;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the learner benchmark accepts to run: a model, at least one sequence and one timed step, a valid β. */
class LearnerBenchmarkConfigTest {

    private static final Path MODEL = Path.of("models/arithmetic-base");

    @Test
    void defaultsAreTheDemosStepWithTheLaunchersThreads() {
        Config defaults = Config.defaults(MODEL);

        assertThat(defaults.groups()).isEqualTo(8);
        assertThat(defaults.groupSize()).isEqualTo(8);
        assertThat(defaults.completionTokens()).isEqualTo(96);
        assertThat(defaults.threads()).isEqualTo(1);
        assertThat(defaults.klCoefficient()).isEqualTo(0.001);
    }

    @Test
    void refusesAStepWithoutGroups() {
        assertThatThrownBy(() -> new Config(MODEL, 0, 8, 8, 96, 3, 10, 1, 0.001, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("groups must be >= 1, got 0");
    }

    @Test
    void refusesARunWithoutTimedSteps() {
        assertThatThrownBy(() -> new Config(MODEL, 8, 8, 8, 96, 3, 0, 1, 0.001, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("steps must be >= 1, got 0");
    }

    @Test
    void refusesZeroThreads() {
        assertThatThrownBy(() -> new Config(MODEL, 8, 8, 8, 96, 3, 10, 0, 0.001, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("PyTorch threads must be >= 1, got 0");
    }

    @Test
    void refusesANegativeOrUndefinedKlCoefficient() {
        assertThatThrownBy(() -> new Config(MODEL, 8, 8, 8, 96, 3, 10, 1, -0.1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KL coefficient");
        assertThatThrownBy(() -> new Config(MODEL, 8, 8, 8, 96, 3, 10, 1, Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KL coefficient");
    }

    @Test
    void refusesAMissingModel() {
        assertThatThrownBy(() -> new Config(null, 8, 8, 8, 96, 3, 10, 1, 0.001, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model directory");
    }

    @Test
    void acceptsARunWithoutWarmUpAndWithoutReference() {
        assertThat(new Config(MODEL, 1, 1, 1, 1, 0, 1, 1, 0, 0).warmup()).isZero();
    }
}
