package dev.grpo.policy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComputeDeviceTest {

    private final int gpus = Engine.getEngine(ComputeDevice.ENGINE).getGpuCount();

    @Test
    void prefersAGpuWhenPyTorchSeesOneElseTheCpu() {
        assertThat(ComputeDevice.preferred()).isEqualTo(gpus > 0 ? Device.gpu() : Device.cpu());
        assertThat(ComputeDevice.parse("auto")).isEqualTo(ComputeDevice.preferred());
        assertThat(ComputeDevice.parse("cpu")).isEqualTo(Device.cpu());
    }

    @Test
    void rejectsAGpuThatIsNotThereAndUnknownNames() {
        assertThatThrownBy(() -> ComputeDevice.parse("gpu:" + gpus))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sees " + gpus);
        assertThatThrownBy(() -> ComputeDevice.parse("tpu"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto, cpu, gpu or gpu:N");
    }
}
