package dev.grpo.policy;

/** A token sequence does not fit in the model's context (its max length). */
public final class SequenceTooLongException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int length;
    private final int maxLength;

    /**
     * @param what what the sequence is, for the message (e.g. "prompt 3")
     * @param length its length in tokens
     * @param maxLength the longest the model accepts in this role
     */
    public SequenceTooLongException(String what, int length, int maxLength) {
        super(what + " has " + length + " tokens but at most " + maxLength + " fit in the model's max length");
        this.length = length;
        this.maxLength = maxLength;
    }

    /** @return the offending sequence's length in tokens */
    public int length() {
        return length;
    }

    /** @return the longest length allowed in that role */
    public int maxLength() {
        return maxLength;
    }
}
