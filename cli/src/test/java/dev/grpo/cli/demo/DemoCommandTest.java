package dev.grpo.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.cli.GrpoRun;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

/** {@code grpo demo --device}: one device for every stage when given, each stage its own when not. */
class DemoCommandTest {

    @Test
    void withoutDeviceEachStageKeepsItsOwn() {
        assertThat(demo(Map.of()).chosenDevice()).isEmpty();
    }

    @Test
    void aDeviceOnTheCommandLineGoesToEveryStage() {
        assertThat(demo(Map.of(), "--device", "cpu").chosenDevice()).contains("cpu");
        assertThat(demo(Map.of(), "--device", "auto").chosenDevice()).contains("auto");
    }

    @Test
    void aDeviceFromTheEnvironmentCountsAsGiven() {
        assertThat(demo(Map.of("GRPO_DEVICE", "cpu")).chosenDevice()).isEqualTo(Optional.of("cpu"));
    }

    @Test
    void anUnknownDeviceIsAUsageError() {
        DemoCommand demo = demo(Map.of(), "--device", "tpu");
        assertThatThrownBy(demo::chosenDevice).isInstanceOf(ParameterException.class)
                .hasMessage("unknown device 'tpu': use auto, cpu, cuda or cuda:N");
    }

    private static DemoCommand demo(Map<String, String> environment, String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "demo";
        System.arraycopy(options, 0, args, 1, options.length);
        return (DemoCommand) GrpoRun.parse(environment, args).parsed().orElseThrow().userObject();
    }
}
