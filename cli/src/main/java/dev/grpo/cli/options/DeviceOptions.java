package dev.grpo.cli.options;

import ai.djl.Device;
import dev.grpo.policy.ComputeDevice;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where a command runs its model, {@code --device} ({@code @Mixin DeviceOptions device;}): {@code auto} (a GPU when
 * PyTorch sees one, else the CPU), {@code cpu}, {@code cuda} or {@code cuda:N} ({@code gpu}, {@code gpu:N} too), as
 * {@link ComputeDevice#parse} reads it. An unknown name is a usage error; a GPU the loaded PyTorch cannot give fails
 * the command with one line naming the fix (docs/gpu.md).
 */
public final class DeviceOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE",
            description = "auto, cpu, cuda or cuda:N (gpu, gpu:N also work; see docs/gpu.md) "
                    + "(default: ${DEFAULT-VALUE}).")
    private String device;

    /** @return the device as given, e.g. {@code cuda:1}, for configurations that keep it as text */
    public String name() {
        return device;
    }

    /**
     * The device as given, after checking it: for commands that hand the name on to a stage which opens the model
     * only after connecting to the cluster, so that an unusable GPU fails before anything starts.
     *
     * @return the device as given
     * @throws ParameterException when the name is unknown
     * @throws dev.grpo.policy.DeviceUnavailableException when it names a GPU the loaded PyTorch cannot give
     */
    public String checkedName() {
        device();
        return device;
    }

    /**
     * @return the device
     * @throws ParameterException naming the device when the name is unknown
     * @throws dev.grpo.policy.DeviceUnavailableException when it names a GPU the loaded PyTorch cannot give (a CPU
     *     build, no GPU visible, or too few), with the fix in its message
     */
    public Device device() {
        try {
            return ComputeDevice.parse(device);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage(), e);
        }
    }
}
