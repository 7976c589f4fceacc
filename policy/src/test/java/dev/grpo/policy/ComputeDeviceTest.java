package dev.grpo.policy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ComputeDeviceTest {

    private final int gpus = Engine.getEngine(ComputeDevice.ENGINE).getGpuCount();

    @Test
    void prefersAGpuWhenPyTorchSeesOneElseTheCpu() {
        assertThat(ComputeDevice.preferred()).isEqualTo(gpus > 0 ? Device.gpu() : Device.cpu());
        assertThat(ComputeDevice.parse("auto")).isEqualTo(ComputeDevice.preferred());
        assertThat(ComputeDevice.parse("cpu")).isEqualTo(Device.cpu());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tpu", "cuda:", "cuda:x", "gpu:-1", "CUDA", "cuda0"})
    void rejectsUnknownNamesListingTheAcceptedOnes(String spec) {
        assertThatThrownBy(() -> ComputeDevice.parse(spec)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown device '" + spec + "': use auto, cpu, cuda or cuda:N");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cuda", "cuda:0", "gpu", "gpu:0"})
    void onTheCpuBuildEveryGpuSpellingFailsWithOneLineNamingBothWaysToACudaBuild(String spec) {
        assumeTrue(!TorchBuild.loaded().cuda(), "the PyTorch library loaded here is a CUDA build");
        assertThatThrownBy(() -> ComputeDevice.parse(spec)).isInstanceOf(DeviceUnavailableException.class)
                .hasMessageStartingWith("device " + spec + " asks for a GPU, but the PyTorch library loaded (")
                .hasMessageContaining("is a CPU build").hasMessageContaining("PYTORCH_LIBRARY_PATH")
                .hasMessageContaining("DJL_OFFLINE=false PYTORCH_FLAVOR=cu128").hasMessageNotContaining("\n");
    }

    @Test
    void aGpuThatPyTorchSeesIsTakenUnderBothSpellings() {
        assumeTrue(gpus > 0, "no GPU here");
        assertThat(ComputeDevice.parse("cuda")).isEqualTo(Device.gpu(0));
        assertThat(ComputeDevice.parse("cuda:" + (gpus - 1))).isEqualTo(Device.gpu(gpus - 1));
        assertThat(ComputeDevice.parse("gpu:" + (gpus - 1))).isEqualTo(Device.gpu(gpus - 1));
    }
}
