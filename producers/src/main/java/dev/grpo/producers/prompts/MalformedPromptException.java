package dev.grpo.producers.prompts;

/** A prompt line that cannot be read: not a JSON object, or a required field is missing or not a string. */
public final class MalformedPromptException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final long lineNumber;

    /**
     * @param lineNumber the 1-based line number
     * @param detail what is wrong
     */
    public MalformedPromptException(long lineNumber, String detail) {
        super("prompt line " + lineNumber + ": " + detail);
        this.lineNumber = lineNumber;
    }

    /** @return the 1-based line number */
    public long lineNumber() {
        return lineNumber;
    }
}
