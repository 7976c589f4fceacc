package dev.grpo.policy;

/** Text holds a character that the tokenizer has no id for (the built-in tokenizer has no unknown token). */
public final class UnknownCharacterException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int codePoint;
    private final int index;

    /**
     * @param codePoint the character's Unicode code point
     * @param index its char index in the text
     */
    public UnknownCharacterException(int codePoint, int index) {
        super(String.format("character '%s' (U+%04X) at index %d is not in the tokenizer's vocabulary",
                new String(Character.toChars(codePoint)), codePoint, index));
        this.codePoint = codePoint;
        this.index = index;
    }

    /** @return the Unicode code point of the character */
    public int codePoint() {
        return codePoint;
    }

    /** @return the char index of the character in the encoded text */
    public int index() {
        return index;
    }
}
