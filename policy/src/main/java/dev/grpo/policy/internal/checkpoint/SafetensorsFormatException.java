package dev.grpo.policy.internal.checkpoint;

import java.io.IOException;

/** A file is not a well-formed safetensors file (bad header length, JSON, dtype, shape or offsets). */
public final class SafetensorsFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what is malformed */
    public SafetensorsFormatException(String message) {
        super(message);
    }
}
