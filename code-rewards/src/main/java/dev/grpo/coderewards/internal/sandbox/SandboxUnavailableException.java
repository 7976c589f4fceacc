package dev.grpo.coderewards.internal.sandbox;

/** Thrown when the tools the sandbox needs are missing: code is never run unsandboxed instead. */
public final class SandboxUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** An exception whose one-line message says what is missing and how to install it. */
    public SandboxUnavailableException(String message) {
        super(message);
    }
}
