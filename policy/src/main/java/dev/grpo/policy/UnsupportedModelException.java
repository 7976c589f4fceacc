package dev.grpo.policy;

/** A model config asks for an architecture or maths this project does not implement; the message names the key. */
public final class UnsupportedModelException extends ModelConfigException {

    private static final long serialVersionUID = 1L;

    /** @param message the key, its value and why it is refused, on one line */
    public UnsupportedModelException(String message) {
        super(message, null);
    }
}
