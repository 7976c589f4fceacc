package dev.grpo.policy;

/** A token id lies outside the vocabulary: below 0 or at least the vocabulary size. */
public final class TokenIdOutOfRangeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int tokenId;
    private final int vocabularySize;

    /**
     * @param where where the id was found, for the message (e.g. "prompt 2, position 7")
     * @param tokenId the offending id
     * @param vocabularySize the number of ids the vocabulary has
     */
    public TokenIdOutOfRangeException(String where, int tokenId, int vocabularySize) {
        super("token id " + tokenId + " at " + where + " is outside the vocabulary [0, " + vocabularySize + ")");
        this.tokenId = tokenId;
        this.vocabularySize = vocabularySize;
    }

    /** @return the offending id */
    public int tokenId() {
        return tokenId;
    }

    /** @return the vocabulary size it was checked against */
    public int vocabularySize() {
        return vocabularySize;
    }

    /**
     * Checks every id of a sequence.
     *
     * @param what the sequence's name for the message (e.g. "prompt 2")
     * @param ids the ids
     * @param vocabularySize the vocabulary size
     * @throws TokenIdOutOfRangeException naming the first id outside [0, vocabularySize)
     */
    public static void requireInVocabulary(String what, int[] ids, int vocabularySize) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabularySize) {
                throw new TokenIdOutOfRangeException(what + ", position " + i, ids[i], vocabularySize);
            }
        }
    }
}
