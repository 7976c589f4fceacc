package dev.grpo.workflow.demo;

import dev.grpo.learner.PolicyLoss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoConfigTest {

    private static final Path OUT = Path.of("runs/demo");
    private static final Path BASE = Path.of("models/arithmetic-base");

    @Test
    void stagesThatTakeTurnsGetEveryCoreAndStagesThatOverlapOneThreadEach() {
        assertThat(DemoConfig.builder(OUT, BASE).maxStaleness(0).build().cores()).isEqualTo(new CoreSplit(0, 0));
        assertThat(DemoConfig.builder(OUT, BASE).maxStaleness(4).build().cores()).isEqualTo(new CoreSplit(1, 1));
        assertThat(DemoConfig.builder(OUT, BASE).maxStaleness(0).learnerThreads(2).build().cores())
                .isEqualTo(new CoreSplit(2, 0));
        assertThat(DemoConfig.builder(OUT, BASE).generatorThreads(2).build().cores()).isEqualTo(new CoreSplit(1, 2));
        assertThatThrownBy(() -> DemoConfig.builder(OUT, BASE).learnerThreads(-1).build())
                .hasMessage("--learner-threads and --generator-threads must be >= 0, got -1 and 1");
    }

    @Test
    void theBuilderStartsFromTheDemoDefaults() {
        DemoConfig config = DemoConfig.builder(OUT, BASE).build();

        assertThat(config).isEqualTo(new DemoConfig(OUT, BASE, Optional.empty(), 120, 2, true, 1, 8, 8, 1e-4f, 0,
                PolicyLoss.GRPO, 1.0f, 96, 200, 4, 0, Duration.ofMinutes(3), Optional.empty(), new CoreSplit(1, 1),
                false));
    }

    @Test
    void eachSetterOverridesOneValue() {
        DemoConfig config = DemoConfig.builder(OUT, BASE).steps(10).maxStaleness(0).groupSize(4)
                .evaluation(48, 2).bootstrapServers(Optional.of("broker:9092")).policyLoss(PolicyLoss.DECOUPLED_PPO)
                .partialRollouts(true).build();

        assertThat(config.steps()).isEqualTo(10);
        assertThat(config.maxStaleness()).isZero();
        assertThat(config.groupSize()).isEqualTo(4);
        assertThat(config.evalPrompts()).isEqualTo(48);
        assertThat(config.partialRollouts()).isTrue();
        assertThat(config.evalK()).isEqualTo(2);
        assertThat(config.bootstrapServers()).contains("broker:9092");
        assertThat(config.groupsPerStep()).isEqualTo(8);
        assertThat(config.policyLoss()).isEqualTo(PolicyLoss.DECOUPLED_PPO);
    }

    @Test
    void theDeviceIsLeftToEachStageUnlessOneIsGiven() {
        assertThat(DemoConfig.builder(OUT, BASE).build().device()).isEmpty();
        assertThat(DemoConfig.builder(OUT, BASE).device(Optional.of("gpu:1")).build().device()).contains("gpu:1");
    }

    @Test
    void buildRefusesAValueOutOfRangeNamingItsFlag() {
        assertThatThrownBy(() -> DemoConfig.builder(OUT, BASE).steps(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--steps must be >= 1, got 0");
        assertThatThrownBy(() -> DemoConfig.builder(OUT, BASE).claimLease(Duration.ZERO).build())
                .hasMessageContaining("--claim-lease");
    }
}
