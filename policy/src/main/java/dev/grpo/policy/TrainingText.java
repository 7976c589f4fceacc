package dev.grpo.policy;


import java.util.Arrays;

/**
 * One supervised example as text: the loss covers the completion (and the end-of-sequence token appended to it), not
 * the prompt, which is the part a policy is given rather than asked to write.
 *
 * @param prompt the conditioning text
 * @param completion the text to learn to write after it
 */
public record TrainingText(String prompt, String completion) {

    /**
     * @param tokenizer turns the texts into ids
     * @return the prompt's ids and the completion's ids followed by the tokenizer's first end id
     * @throws dev.grpo.policy.UnknownCharacterException when a character is outside the vocabulary
     */
    public ScoringRequest tokens(Tokenizer tokenizer) {
        int[] completionIds = tokenizer.encode(completion);
        int[] withEnd = Arrays.copyOf(completionIds, completionIds.length + 1);
        withEnd[completionIds.length] = tokenizer.endIds()[0];
        return new ScoringRequest(tokenizer.encode(prompt), withEnd);
    }
}
