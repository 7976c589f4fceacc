package dev.grpo.policy;

/** A step's global gradient norm was NaN or infinite, so the update was skipped rather than corrupting the weights. */
public final class NonFiniteGradientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param norm the offending norm */
    public NonFiniteGradientException(float norm) {
        super("global gradient norm is " + norm + "; the update was skipped and the gradients zeroed");
    }
}
