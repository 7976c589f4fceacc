package dev.grpo.coderewards.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A verification spec's time_limit_s and memory_mb become the sandbox's limits. */
class LimitsTest {

    @Test
    void mapsTheSpecsTimeAndMemoryToCpuWallAndAddressSpace() {
        Limits limits = Limits.of(1.5, 256);

        assertThat(limits.cpuSeconds()).isEqualTo(2);
        assertThat(limits.wallTime()).isEqualTo(Duration.ofMillis(2500));
        assertThat(limits.memoryBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(limits.maxProcesses()).isEqualTo(Limits.DEFAULT_PROCESSES);
        assertThat(limits.outputBytes()).isEqualTo(64 * 1024);
    }

    @Test
    void defaultsToTwoSecondsAnd256Megabytes() {
        assertThat(Limits.defaults()).isEqualTo(Limits.of(2, 256));
    }

    @Test
    void rejectsALimitThatIsNotPositiveByName() {
        assertThatThrownBy(() -> Limits.of(0, 256)).hasMessage("time_limit_s must be a positive number, got 0.0");
        assertThatThrownBy(() -> Limits.of(2, -1)).hasMessage("memory_mb must be positive, got -1");
        assertThatThrownBy(() -> Limits.defaults().withMaxProcesses(0))
                .hasMessage("maxProcesses must be positive, got 0");
    }
}
