package dev.grpo.policy;

/**
 * Turns text into token ids and back, and names the ids that end a sequence and fill padding. Reasoning markers
 * such as {@code <think>} or {@code <answer>} are ordinary text here: a tokenizer may give them one id or several.
 * Close a tokenizer when done with it; some hold native memory.
 */
public interface Tokenizer extends AutoCloseable {

    /**
     * Encodes text as it is: no beginning- or end-of-sequence token is added (a prompt template adds those).
     *
     * @param text the text
     * @return its token ids
     * @throws UnknownCharacterException when the text holds a character the tokenizer cannot encode
     */
    int[] encode(String text);

    /**
     * Renders ids as text; special tokens are kept as their text (e.g. {@code <think>}, {@code <|im_end|>}), so the
     * rewards see everything the model wrote.
     *
     * @param ids token ids
     * @return the text
     * @throws dev.grpo.policy.TokenIdOutOfRangeException when an id lies outside the vocabulary
     */
    String decode(int[] ids);

    /** @return the number of ids; every id lies in {@code [0, vocabularySize())} */
    int vocabularySize();

    /** @return the ids that end a sequence, at least one (instruct models often have several) */
    int[] endIds();

    /** @return the id written into padding; padding is always masked, so any id in the vocabulary will do */
    int padId();

    /** Frees what the tokenizer holds outside the Java heap; the built-in tokenizer holds nothing. */
    @Override
    default void close() {
    }
}
