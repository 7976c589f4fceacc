package dev.grpo.policy;

import ai.djl.Device;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the device a model runs on: {@code auto} (a GPU when the PyTorch engine sees one, else the CPU), {@code cpu},
 * or a GPU as PyTorch spells it, {@code cuda} or {@code cuda:N} ({@code gpu} and {@code gpu:N} are the same). A GPU
 * asked for by name must be usable, or {@link #parse} fails with one line saying why and how to get one.
 */
public final class ComputeDevice {

    /** The DJL engine every model of the project runs on. */
    public static final String ENGINE = "PyTorch";

    private static final Pattern GPU = Pattern.compile("(?:cuda|gpu)(?::(\\d+))?");

    private ComputeDevice() {
    }

    /** @return the first GPU when PyTorch sees one, else the CPU */
    public static Device preferred() {
        return TorchBuild.loaded().gpus() > 0 ? Device.gpu() : Device.cpu();
    }

    /**
     * @param spec {@code auto}, {@code cpu}, {@code cuda}, {@code cuda:N}, {@code gpu} or {@code gpu:N}
     * @return the device
     * @throws IllegalArgumentException for any other text
     * @throws DeviceUnavailableException for a GPU the loaded PyTorch cannot use (a CPU build, no GPU visible, or
     *     fewer GPUs than the index), naming the fix
     */
    public static Device parse(String spec) {
        if (spec.equals("auto")) {
            return preferred();
        }
        if (spec.equals("cpu")) {
            return Device.cpu();
        }
        Matcher gpu = GPU.matcher(spec);
        if (!gpu.matches()) {
            throw new IllegalArgumentException("unknown device '" + spec + "': use auto, cpu, cuda or cuda:N");
        }
        int index = gpu.group(1) == null ? 0 : Integer.parseInt(gpu.group(1));
        TorchBuild.loaded().requireGpu(spec, index);
        return Device.gpu(index);
    }
}
