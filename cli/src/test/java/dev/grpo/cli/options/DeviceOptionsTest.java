package dev.grpo.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
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
                .hasMessage("unknown device 'tpu': use auto, cpu, gpu or gpu:N");
    }

    private static DeviceOptions device(List<String> command, String... more) {
        String[] args = Stream.concat(command.stream(), Stream.of(more)).toArray(String[]::new);
        return GrpoRun.parse(Map.of(), args).mixin(DeviceOptions.class);
    }
}
