package dev.grpo.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The validated prompts of one sampling call and the draw state of each sequence, shared by {@link Sampler} and
 * {@link ContinuousSampler} so both check requests and budget tokens alike.
 *
 * @param prompts the prompts, in request order
 * @param draws one draw per request, in request order
 */
record SamplingRequests(List<int[]> prompts, List<SequenceDraw> draws) {

    /**
     * @return a copy of {@code endIds}, checked with the pad id against the model's vocabulary
     * @throws IllegalArgumentException when there is no end id
     * @throws TokenIdOutOfRangeException when an end id or the pad id lies outside the vocabulary
     */
    static int[] checkedSpecialIds(ModelConfig config, int[] endIds, int padId) {
        if (endIds.length == 0) {
            throw new IllegalArgumentException("a sampler needs at least one end-of-sequence id");
        }
        TokenIdOutOfRangeException.requireInVocabulary("end-of-sequence ids", endIds, config.vocabularySize());
        TokenIdOutOfRangeException.requireInVocabulary("pad id", new int[] {padId}, config.vocabularySize());
        return endIds.clone();
    }

    /**
     * @throws IllegalArgumentException when there is no request or a prompt is empty
     * @throws SequenceTooLongException when a prompt leaves no room for a new token within the max length
     * @throws TokenIdOutOfRangeException when a prompt holds an id outside the vocabulary
     */
    static SamplingRequests validated(List<GenerationRequest> requests, SamplingConfig settings, ModelConfig config,
                                      int[] endIds) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("no sequences to generate");
        }
        int longest = config.maxLength() - 1;
        List<int[]> prompts = new ArrayList<>();
        List<SequenceDraw> draws = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            int[] prompt = requests.get(i).promptIds();
            if (prompt.length == 0) {
                throw new IllegalArgumentException("prompt " + i + " is empty");
            }
            if (prompt.length > longest) {
                throw new SequenceTooLongException("prompt " + i, prompt.length, longest);
            }
            TokenIdOutOfRangeException.requireInVocabulary("prompt " + i, prompt, config.vocabularySize());
            prompts.add(prompt);
            int room = config.maxLength() - prompt.length;
            draws.add(new SequenceDraw(requests.get(i).seed(), Math.min(settings.maxNewTokens(), room), endIds));
        }
        return new SamplingRequests(prompts, draws);
    }
}
