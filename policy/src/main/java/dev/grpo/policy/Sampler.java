package dev.grpo.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import dev.grpo.policy.internal.model.CausalTransformer;
import dev.grpo.policy.internal.model.DecoderInput;
import dev.grpo.policy.internal.model.KvCache;
import dev.grpo.policy.internal.model.PaddedBatch;

import java.util.ArrayList;
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
        if (endIds.length == 0) {
            throw new IllegalArgumentException("a sampler needs at least one end-of-sequence id");
        }
        int vocabulary = model.config().vocabularySize();
        TokenIdOutOfRangeException.requireInVocabulary("end-of-sequence ids", endIds, vocabulary);
        TokenIdOutOfRangeException.requireInVocabulary("pad id", new int[] {padId}, vocabulary);
        this.model = model;
        this.endIds = endIds.clone();
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
        List<int[]> prompts = validatedPrompts(requests);
        List<SequenceDraw> draws = new ArrayList<>();
        for (GenerationRequest request : requests) {
            int room = model.config().maxLength() - request.promptIds().length;
            draws.add(new SequenceDraw(request.seed(), Math.min(settings.maxNewTokens(), room), endIds));
        }
        PaddedBatch batch = PaddedBatch.ofPrompts(prompts, padId);
        try (NoGradient noGradient = NoGradient.scope();
             NDManager call = model.manager().newSubManager();
             KvCache cache = decoding == Decoding.KV_CACHE ? new KvCache(call, model.config().layers()) : null) {
            ParameterStore store = model.parameterStore();
            int from = 0;
            while (true) {
                long[] column = drawColumn(draws, nextTokenLogProbs(call, store, batch, from, cache, settings), settings);
                if (draws.stream().allMatch(SequenceDraw::finished)) {
                    break;
                }
                from = cache == null ? 0 : batch.width();
                batch.append(column);
            }
        }
        return draws.stream().map(SequenceDraw::generation).toList();
    }

    /** Draws the next token of every running sequence; finished ones get padding. */
    private long[] drawColumn(List<SequenceDraw> draws, float[] logProbs, SamplingConfig settings) {
        int vocabulary = model.config().vocabularySize();
        long[] column = new long[draws.size()];
        for (int b = 0; b < draws.size(); b++) {
            SequenceDraw draw = draws.get(b);
            column[b] = draw.finished() ? padId : draw.next(logProbs, b, vocabulary, settings);
        }
        return column;
    }

    private List<int[]> validatedPrompts(List<GenerationRequest> requests) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("no sequences to generate");
        }
        int vocabulary = model.config().vocabularySize();
        int longest = model.config().maxLength() - 1;
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            int[] prompt = requests.get(i).promptIds();
            if (prompt.length == 0) {
                throw new IllegalArgumentException("prompt " + i + " is empty");
            }
            if (prompt.length > longest) {
                throw new SequenceTooLongException("prompt " + i, prompt.length, longest);
            }
            TokenIdOutOfRangeException.requireInVocabulary("prompt " + i, prompt, vocabulary);
            prompts.add(prompt);
        }
        return prompts;
    }

    private float[] nextTokenLogProbs(NDManager call, ParameterStore store, PaddedBatch batch, int from,
                                      KvCache cache, SamplingConfig settings) {
        try (NDManager step = call.newSubManager()) {
            CausalTransformer network = model.block();
            DecoderInput input = batch.input(step, from, batch.width(), model.config());
            NDArray last = network.hiddenStates(store, input, cache, false).get(new NDIndex(":, -1:, :"));
            NDArray logits = network.logits(store, last, false);
            NDArray temperature = Scalar.like(logits, SamplingConfig.logProbTemperature(settings.temperature()));
            return logits.div(temperature).logSoftmax(-1).toFloatArray();
        }
    }
}
