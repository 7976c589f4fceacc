package dev.grpo.policy;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Picks the device a model runs on: a GPU when the PyTorch engine sees one, else the CPU. */
public final class ComputeDevice {

    /** The DJL engine every model of the project runs on. */
    public static final String ENGINE = "PyTorch";

    private ComputeDevice() {
    }

    /** @return the first GPU when PyTorch sees one, else the CPU */
    public static Device preferred() {
        return Engine.getEngine(ENGINE).getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /**
     * @param spec {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
     * @return the device
     * @throws IllegalArgumentException for any other text, or a GPU that PyTorch does not see
     */
    public static Device parse(String spec) {
        if (spec.equals("auto")) {
            return preferred();
        }
        if (spec.equals("cpu")) {
            return Device.cpu();
        }
        int gpus = Engine.getEngine(ENGINE).getGpuCount();
        int index = spec.equals("gpu") ? 0 : gpuIndex(spec);
        if (index >= gpus) {
            throw new IllegalArgumentException("device " + spec + " requested but PyTorch sees " + gpus + " GPU(s)");
        }
        return Device.gpu(index);
    }

    private static int gpuIndex(String spec) {
        if (spec.matches("gpu:\\d+")) {
            return Integer.parseInt(spec.substring(4));
        }
        throw new IllegalArgumentException("unknown device '" + spec + "': use auto, cpu, gpu or gpu:N");
    }
}
