package dev.grpo.cli.options;

import ai.djl.Device;
import dev.grpo.policy.ComputeDevice;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where a command runs its model, {@code --device} ({@code @Mixin DeviceOptions device;}): {@code auto} (a GPU when
 * PyTorch sees one, else the CPU), {@code cpu}, {@code gpu} or {@code gpu:N}, as {@link ComputeDevice#parse} reads
 * it.
 */
public final class DeviceOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE",
            description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    private String device;

    /** @return the device as given, e.g. {@code gpu:1}, for configurations that keep it as text */
    public String name() {
        return device;
    }

    /**
     * @return the device
     * @throws ParameterException naming the device when it is unknown or PyTorch does not see it
     */
    public Device device() {
        try {
            return ComputeDevice.parse(device);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage(), e);
        }
    }
}
