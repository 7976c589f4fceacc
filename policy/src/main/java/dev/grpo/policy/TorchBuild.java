package dev.grpo.policy;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import dev.grpo.policy.internal.engine.NativeLibrary;

/**
 * The PyTorch native library DJL loaded: its version, where it was loaded from, whether it was built with CUDA, and
 * how many GPUs it sees. DJL takes it from {@code PYTORCH_LIBRARY_PATH} when that names a libtorch, else from the
 * {@code pytorch-native-cpu} jar on the class path (the project's default, a CPU build), else downloads the
 * {@code PYTORCH_FLAVOR} it is told to when {@code DJL_OFFLINE} is false; docs/gpu.md says how to get a CUDA build.
 *
 * @param version the PyTorch version, e.g. {@code 2.7.1}
 * @param directory the directory the library was loaded from
 * @param cuda whether the library was built with CUDA
 * @param gpus the GPUs it sees (0 for a CPU build)
 */
record TorchBuild(String version, String directory, boolean cuda, int gpus) {

    /** The CUDA flavour of DJL's JNI bridge bundled in the {@code pytorch-jni} jar for Linux x86_64. */
    static final String CUDA_FLAVOR = "cu128";

    /** @return the library the engine loaded (loading it on first use) */
    static TorchBuild loaded() {
        Engine engine = Engine.getEngine(ComputeDevice.ENGINE);
        return new TorchBuild(engine.getVersion(), NativeLibrary.directory(),
                engine.hasCapability(StandardCapabilities.CUDA), engine.getGpuCount());
    }

    /**
     * @param spec the device as the user wrote it, for the message
     * @param index the GPU asked for
     * @throws DeviceUnavailableException when this build cannot run on GPU {@code index}, naming the fix
     */
    void requireGpu(String spec, int index) {
        String asked = "device " + spec + " asks for a GPU, but ";
        if (!cuda) {
            throw new DeviceUnavailableException(asked + "the PyTorch library loaded (" + directory + ") is a CPU "
                    + "build; get a CUDA build of PyTorch " + version + ": set PYTORCH_LIBRARY_PATH to the lib "
                    + "directory of a libtorch " + version + " with CUDA 12.8 and PYTORCH_FLAVOR=" + CUDA_FLAVOR
                    + ", or let DJL download one: DJL_OFFLINE=false PYTORCH_FLAVOR=" + CUDA_FLAVOR
                    + " with the pytorch-native-cpu jar off the class path (see docs/gpu.md)");
        }
        if (gpus == 0) {
            throw new DeviceUnavailableException(asked + "the CUDA build of PyTorch " + version + " loaded ("
                    + directory + ") sees no GPU; check the NVIDIA driver (nvidia-smi) and CUDA_VISIBLE_DEVICES");
        }
        if (index >= gpus) {
            throw new DeviceUnavailableException(asked + "PyTorch sees " + gpus + " GPU(s); use cuda:0 to cuda:"
                    + (gpus - 1));
        }
    }
}
