package dev.grpo.policy;

import ai.djl.ndarray.NDManager;
import dev.grpo.policy.internal.model.KvCache;
import dev.grpo.policy.internal.model.PaddedBatch;

import java.util.List;

/**
 * Generates completions for a batch of prompts. Prompts are left-padded (see {@link PaddedBatch}); each sequence
 * draws from its own seeded generator, so its tokens do not depend on the rest of the batch. The log-prob recorded
 * for a token is {@code log softmax(logits / T)} of that token, taken before top-p truncation (T = 1 when greedy):
 * exactly what {@link dev.grpo.policy.CompletionScorer} computes for the same tokens.
 *
 * <p>A sequence may grow to the model's max length: it gets at most {@code maxLength - promptLength} new tokens.
 * Every call frees all the native memory it allocated before it returns. Safe to call from several threads on the
 * same model (weights are only read).
 */
public final class Sampler {

    private final PolicyModel model;
    private final int[] endIds;
    private final int padId;
    private final Decoding decoding;

    /**
     * A sampler with a key/value cache.
     *
     * @param model the policy
     * @param endOfSequenceId the id that ends a sequence
     * @param padId the id written into padding
     */
    public Sampler(PolicyModel model, int endOfSequenceId, int padId) {
        this(model, new int[] {endOfSequenceId}, padId, Decoding.KV_CACHE);
    }

    /**
     * A sampler with a key/value cache that stops a sequence at any of several ids (instruct models often end a turn
     * with one token and a document with another).
     *
     * @param model the policy
     * @param endIds the ids that end a sequence, at least one
     * @param padId the id written into padding
     */
    public Sampler(PolicyModel model, int[] endIds, int padId) {
        this(model, endIds, padId, Decoding.KV_CACHE);
    }

    /**
     * @param model the policy
     * @param endOfSequenceId the id that ends a sequence
     * @param padId the id written into padding
     * @param decoding whether to use the key/value cache
     */
    public Sampler(PolicyModel model, int endOfSequenceId, int padId, Decoding decoding) {
        this(model, new int[] {endOfSequenceId}, padId, decoding);
    }

    /**
     * @param model the policy
     * @param endIds the ids that end a sequence, at least one
     * @param padId the id written into padding
     * @param decoding whether to use the key/value cache
     * @throws IllegalArgumentException when there is no end id
     * @throws TokenIdOutOfRangeException when an end id or the pad id lies outside the model's vocabulary
     */
    public Sampler(PolicyModel model, int[] endIds, int padId, Decoding decoding) {
        this.model = model;
        this.endIds = SamplingRequests.checkedSpecialIds(model.config(), endIds, padId);
        this.padId = padId;
        this.decoding = decoding;
    }

    /**
     * @param requests the sequences to generate, at least one
     * @param settings temperature, top-p and token budget
     * @return one generation per request, in order
     * @throws SequenceTooLongException when a prompt leaves no room for a new token within the max length
     * @throws TokenIdOutOfRangeException when a prompt holds an id outside the vocabulary
     */
    public List<Generation> generate(List<GenerationRequest> requests, SamplingConfig settings) {
        return generate(requests, settings, LiveWeights.FIXED);
    }

    /**
     * Generates while the weights may change between decode steps (partial rollouts). Each step runs inside one
     * {@link LiveWeights.Step}; when its version differs from the one the cached keys and values were computed
     * with, the cache is dropped and the whole batch so far (prompts and drawn tokens) is run again with the new
     * weights, so every token's log-prob is exactly what {@link CompletionScorer} computes for it under the version
     * that drew it, which {@link Generation#versions()} records.
     *
     * @param requests the sequences to generate, at least one
     * @param settings temperature, top-p and token budget
     * @param weights the model's weights, as they change
     * @return one generation per request, in order
     * @throws SequenceTooLongException when a prompt leaves no room for a new token within the max length
     * @throws TokenIdOutOfRangeException when a prompt holds an id outside the vocabulary
     */
    public List<Generation> generate(List<GenerationRequest> requests, SamplingConfig settings, LiveWeights weights) {
        SamplingRequests validated = SamplingRequests.validated(requests, settings, model.config(), endIds);
        List<SequenceDraw> draws = validated.draws();
        PaddedBatch batch = PaddedBatch.ofPrompts(validated.prompts(), padId);
        try (NoGradient noGradient = NoGradient.scope();
             NDManager call = model.manager().newSubManager()) {
            KvCache cache = newCache(call);
            long cachedVersion = Long.MIN_VALUE;
            int from = 0;
            while (true) {
                float[] logProbs;
                long version;
                try (LiveWeights.Step step = weights.begin()) {
                    version = step.version();
                    if (cache != null && version != cachedVersion && from > 0) {
                        // keys and values of older weights: the new version must see its own, as the scorer does
                        cache.close();
                        cache = newCache(call);
                        from = 0;
                    }
                    cachedVersion = version;
                    logProbs = nextTokenLogProbs(call, batch, from, cache, settings);
                }
                long[] column = SequenceDraw.nextColumn(draws, logProbs, model.config().vocabularySize(), settings,
                        padId, version);
                if (draws.stream().allMatch(SequenceDraw::finished)) {
                    break;
                }
                from = cache == null ? 0 : batch.width();
                batch.append(column);
            }
        }
        return draws.stream().map(SequenceDraw::generation).toList();
    }

    private KvCache newCache(NDManager call) {
        return decoding == Decoding.KV_CACHE ? new KvCache(call, model.config().layers()) : null;
    }

    private float[] nextTokenLogProbs(NDManager call, PaddedBatch batch, int from, KvCache cache,
                                      SamplingConfig settings) {
        try (NDManager step = call.newSubManager()) {
            return NextTokenLogProbs.of(model, batch.input(step, from, batch.width(), model.config()), cache,
                    settings);
        }
    }
}
