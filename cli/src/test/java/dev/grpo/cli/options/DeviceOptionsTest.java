package dev.grpo.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.grpo.policy.ComputeDevice;
import dev.grpo.policy.DeviceUnavailableException;
import dev.grpo.cli.GrpoRun;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.ParameterException;

class DeviceOptionsTest {

    /** Every command that runs a model and can choose where, with the other options it cannot parse without. */
    static Stream<List<String>> commands() {
        return Stream.of(List.of("generate"), List.of("learn", "--checkpoint-dir", "c"),
                List.of("sft", "--from-file", "f.jsonl", "--out", "o"), List.of("pretrain", "--out", "o"),
                List.of("logprobs", "--in", "i.jsonl", "--out", "o.jsonl"), List.of("bench", "model"),
                List.of("bench", "learner"),
                List.of("eval"), List.of("demo"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyModelCommandTakesDeviceWithTheSameDefaultAndMeaning(List<String> command) {
        assertThat(device(command).name()).isEqualTo("auto");
        DeviceOptions cpu = device(command, "--device", "cpu");
        assertThat(cpu.name()).isEqualTo("cpu");
        assertThat(cpu.device()).isEqualTo(Device.cpu());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void anUnknownDeviceIsAUsageErrorNamingTheAcceptedOnes(List<String> command) {
        DeviceOptions tpu = device(command, "--device", "tpu");
        assertThatThrownBy(tpu::device).isInstanceOf(ParameterException.class)
                .hasMessage("unknown device 'tpu': use auto, cpu, cuda or cuda:N");
    }

    /** The commands whose other options above are enough to reach the device (the rest first check their files). */
    static Stream<List<String>> commandsThatReachTheDevice() {
        return commands().filter(command -> !List.of("sft", "logprobs", "eval", "demo").contains(command.get(0)));
    }

    @ParameterizedTest
    @MethodSource("commandsThatReachTheDevice")
    void aGpuOnTheCpuBuildFailsTheCommandWithOneLineNamingTheFix(List<String> command) {
        assumeTrue(Engine.getEngine(ComputeDevice.ENGINE).getGpuCount() == 0, "a GPU is usable here");
        String[] args = Stream.concat(command.stream(), Stream.of("--device", "cuda:0")).toArray(String[]::new);
        GrpoRun run = GrpoRun.execute(Map.of(), args);
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("grpo " + String.join(" ", command.subList(0, command.get(0).equals("bench") ? 2 : 1))
                        + ": device cuda:0 asks for a GPU, but the PyTorch library loaded (")
                .contains("is a CPU build", "PYTORCH_LIBRARY_PATH", "DJL_OFFLINE=false PYTORCH_FLAVOR=cu128",
                        "docs/gpu.md");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void cudaAndGpuAreTheSameSpelling(List<String> command) {
        assertThat(device(command, "--device", "cuda:3").name()).isEqualTo("cuda:3");
        assertThatThrownBy(device(command, "--device", "gpu:0")::device)
                .isInstanceOf(DeviceUnavailableException.class).hasMessageStartingWith("device gpu:0 asks for a GPU");
    }

    private static DeviceOptions device(List<String> command, String... more) {
        String[] args = Stream.concat(command.stream(), Stream.of(more)).toArray(String[]::new);
        return GrpoRun.parse(Map.of(), args).mixin(DeviceOptions.class);
    }
}
