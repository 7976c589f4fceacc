package dev.grpo.policy;

/**
 * A GPU was asked for by name, but the PyTorch library loaded cannot give it: an environment problem, not a typo, so
 * the message names the fix (a CUDA build of PyTorch, the driver, or a smaller index).
 */
public final class DeviceUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** @param message one line: the device asked for, what PyTorch offers instead, and what to do */
    public DeviceUnavailableException(String message) {
        super(message);
    }
}
