package dev.grpo.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TorchBuildTest {

    private static final String DIR = "/home/u/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64";

    @Test
    void theLibraryLoadedHereIsDescribed() {
        TorchBuild loaded = TorchBuild.loaded();
        assertThat(loaded.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(loaded.directory()).isNotBlank();
        assertThat(loaded.gpus()).isGreaterThanOrEqualTo(0);
        if (!loaded.cuda()) {
            assertThat(loaded.gpus()).isZero();
        }
    }

    @Test
    void aCpuBuildNamesWhereItCameFromAndBothWaysToACudaBuild() {
        assertThatThrownBy(() -> new TorchBuild("2.7.1", DIR, false, 0).requireGpu("cuda:0", 0))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessage("device cuda:0 asks for a GPU, but the PyTorch library loaded (" + DIR + ") is a CPU "
                        + "build; get a CUDA build of PyTorch 2.7.1: set PYTORCH_LIBRARY_PATH to the lib directory of "
                        + "a libtorch 2.7.1 with CUDA 12.8 and PYTORCH_FLAVOR=cu128, or let DJL download one: "
                        + "DJL_OFFLINE=false PYTORCH_FLAVOR=cu128 with the pytorch-native-cpu jar off the class path "
                        + "(see docs/gpu.md)");
    }

    @Test
    void aCudaBuildThatSeesNoGpuPointsAtTheDriver() {
        assertThatThrownBy(() -> new TorchBuild("2.7.1", "/opt/libtorch/lib", true, 0).requireGpu("cuda", 0))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessage("device cuda asks for a GPU, but the CUDA build of PyTorch 2.7.1 loaded (/opt/libtorch/lib) "
                        + "sees no GPU; check the NVIDIA driver (nvidia-smi) and CUDA_VISIBLE_DEVICES");
    }

    @Test
    void anIndexPastTheLastGpuNamesTheOnesThereAre() {
        TorchBuild twoGpus = new TorchBuild("2.7.1", "/opt/libtorch/lib", true, 2);
        assertThatThrownBy(() -> twoGpus.requireGpu("cuda:2", 2)).isInstanceOf(DeviceUnavailableException.class)
                .hasMessage("device cuda:2 asks for a GPU, but PyTorch sees 2 GPU(s); use cuda:0 to cuda:1");
        assertThatCode(() -> twoGpus.requireGpu("cuda:1", 1)).doesNotThrowAnyException();
        assertThatCode(() -> twoGpus.requireGpu("cuda", 0)).doesNotThrowAnyException();
    }
}
