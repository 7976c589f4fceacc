package dev.grpo.policy.tokenizer;

/**
 * Turns text into token ids and back. Every implementation gives each {@link SpecialToken} a single id,
 * and a special token written in the text (e.g. {@code <think>}) encodes to that id.
 */
public interface Tokenizer {

    /**
     * @param text the text
     * @return its token ids
     * @throws UnknownCharacterException when the text holds a character the tokenizer cannot encode
     */
    int[] encode(String text);

    /**
     * Renders ids as text; special tokens are rendered as their text, so {@code encode(decode(ids))} gives back
     * {@code ids} for the built-in tokenizer.
     *
     * @param ids token ids
     * @return the text
     * @throws dev.grpo.policy.TokenIdOutOfRangeException when an id lies outside the vocabulary
     */
    String decode(int[] ids);

    /** @return the number of ids; every id lies in {@code [0, vocabularySize())} */
    int vocabularySize();

    /**
     * @param token a special token
     * @return its id
     */
    int id(SpecialToken token);
}
