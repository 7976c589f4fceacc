package dev.grpo.coderewards.verify;

/**
 * Thrown when a verification spec names a language no sandbox here runs: the rollout cannot be scored (it is
 * dead-lettered), which is not the same as a program that failed its tests.
 */
public final class UnsupportedLanguageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An exception with a one-line message naming the language and the supported ones. */
    public UnsupportedLanguageException(String message) {
        super(message);
    }
}
