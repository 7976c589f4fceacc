package dev.grpo.policy;

/** A model config is inconsistent (e.g. heads do not divide the width) or its JSON cannot be read. */
public class ModelConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong
     * @param cause the underlying failure, or null
     */
    public ModelConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
