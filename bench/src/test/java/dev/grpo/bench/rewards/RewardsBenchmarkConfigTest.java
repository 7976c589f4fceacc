package dev.grpo.bench.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.bench.rewards.RewardsBenchmark.Config;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the rewards benchmark accepts to run: a burst of at least one group. */
class RewardsBenchmarkConfigTest {

    @Test
    void refusesAWorkloadSmallerThanOneGroup() {
        assertThatThrownBy(() -> new Config(4, 8, 64, 16, Duration.ofSeconds(1), 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }

    @Test
    void acceptsExactlyOneGroup() {
        assertThat(new Config(8, 8, 64, 16, Duration.ofSeconds(1), 2, 1).rollouts()).isEqualTo(8);
    }
}
