package dev.grpo.learner.internal.batch;

import dev.grpo.records.AdvantageSample;

import java.util.List;
import java.util.Optional;

/** Checks an advantage sample before it may enter a batch: finite numbers, matching lengths, ids that fit the model. */
public final class SampleValidator {

    private final int vocabularySize;
    private final int maxLength;

    /**
     * @param vocabularySize the model's vocabulary size
     * @param maxLength the model's longest sequence
     */
    public SampleValidator(int vocabularySize, int maxLength) {
        this.vocabularySize = vocabularySize;
        this.maxLength = maxLength;
    }

    /**
     * @param sample the sample
     * @return the first problem found, or empty when the sample is fit to train on
     */
    public Optional<SampleRejection> check(AdvantageSample sample) {
        List<Integer> completion = sample.getCompletionTokenIds();
        List<Float> logProbs = sample.getBehaviourLogprobs();
        if (!Double.isFinite(sample.getAdvantage())) {
            return reject(SampleProblem.NON_FINITE_ADVANTAGE, "advantage is " + sample.getAdvantage());
        }
        if (completion.isEmpty()) {
            return reject(SampleProblem.EMPTY_COMPLETION, "completion_token_ids is empty");
        }
        if (sample.getPromptTokenIds().isEmpty()) {
            return reject(SampleProblem.EMPTY_PROMPT, "prompt_token_ids is empty");
        }
        if (completion.size() != logProbs.size()) {
            return reject(SampleProblem.LENGTH_MISMATCH, completion.size() + " completion tokens but "
                    + logProbs.size() + " behaviour log-probs");
        }
        for (int i = 0; i < logProbs.size(); i++) {
            if (!Float.isFinite(logProbs.get(i))) {
                return reject(SampleProblem.NON_FINITE_LOG_PROB, "behaviour log-prob " + i + " is " + logProbs.get(i));
            }
        }
        if (sample.getGroupSize() < 1 || sample.getIndex() < 0 || sample.getIndex() >= sample.getGroupSize()) {
            return reject(SampleProblem.BAD_GROUP_POSITION, "index " + sample.getIndex() + " in a group of "
                    + sample.getGroupSize());
        }
        if (!(sample.getTemperature() >= 0) || !Float.isFinite(sample.getTemperature())) {
            return reject(SampleProblem.BAD_TEMPERATURE, "temperature is " + sample.getTemperature());
        }
        Optional<SampleRejection> versions = tokenVersions(sample);
        if (versions.isPresent()) {
            return versions;
        }
        int length = sample.getPromptTokenIds().size() + completion.size();
        if (length > maxLength) {
            return reject(SampleProblem.TOO_LONG, "prompt plus completion is " + length
                    + " tokens; the model takes at most " + maxLength);
        }
        return outOfVocabulary("prompt_token_ids", sample.getPromptTokenIds())
                .or(() -> outOfVocabulary("completion_token_ids", completion));
    }

    /** A partial rollout's versions: one per token, never decreasing, the first being policy_version (the oldest). */
    private static Optional<SampleRejection> tokenVersions(AdvantageSample sample) {
        List<Long> versions = sample.getTokenPolicyVersions();
        if (versions == null) {
            return Optional.empty();
        }
        if (versions.size() != sample.getCompletionTokenIds().size()) {
            return reject(SampleProblem.BAD_TOKEN_VERSIONS, versions.size() + " token versions for "
                    + sample.getCompletionTokenIds().size() + " completion tokens");
        }
        if (versions.get(0) != sample.getPolicyVersion()) {
            return reject(SampleProblem.BAD_TOKEN_VERSIONS, "the first token's version is " + versions.get(0)
                    + " but policy_version (the oldest) is " + sample.getPolicyVersion());
        }
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i) < versions.get(i - 1)) {
                return reject(SampleProblem.BAD_TOKEN_VERSIONS, "token " + i + "'s version " + versions.get(i)
                        + " is older than token " + (i - 1) + "'s " + versions.get(i - 1));
            }
        }
        return Optional.empty();
    }

    private Optional<SampleRejection> outOfVocabulary(String field, List<Integer> ids) {
        for (int i = 0; i < ids.size(); i++) {
            int id = ids.get(i);
            if (id < 0 || id >= vocabularySize) {
                return reject(SampleProblem.TOKEN_OUT_OF_RANGE, field + "[" + i + "] = " + id
                        + " lies outside the vocabulary [0, " + vocabularySize + ")");
            }
        }
        return Optional.empty();
    }

    private static Optional<SampleRejection> reject(SampleProblem problem, String reason) {
        return Optional.of(new SampleRejection(problem, reason));
    }
}
