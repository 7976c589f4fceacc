package dev.grpo.policy;

import ai.djl.ndarray.NDManager;
import dev.grpo.policy.internal.model.KvCache;
import dev.grpo.policy.internal.model.PaddedBatch;
import dev.grpo.policy.internal.model.RunningBatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Generates completions for any number of requests while keeping at most {@code slots} sequences running
 * (continuous batching): when a sequence ends, its row leaves the batch and the next waiting request takes its
 * place, its prompt prefilled (with the others that join at the same step) and its keys and values added to the
 * running cache, so the batch never waits for its longest member. Requests join in order.
 *
 * <p>Each sequence draws from its own seeded generator, attends only to its own columns and counts positions from
 * its own first token, so a request gets the same tokens as from {@link Sampler}, alone or in any batch, and
 * records the log-probs {@link CompletionScorer} computes for them (up to float rounding). Every call frees all
 * the native memory it allocated before it returns; safe to call from several threads on the same model.
 */
public final class ContinuousSampler {

    private final PolicyModel model;
    private final int[] endIds;
    private final int padId;
    private final int slots;

    /**
     * @param model the policy
     * @param endIds the ids that end a sequence, at least one
     * @param padId the id written into padding
     * @param slots how many sequences run at once, at least one
     * @throws IllegalArgumentException when there is no end id or no slot
     * @throws TokenIdOutOfRangeException when an end id or the pad id lies outside the model's vocabulary
     */
    public ContinuousSampler(PolicyModel model, int[] endIds, int padId, int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("a continuous sampler needs at least one slot, got " + slots);
        }
        this.model = model;
        this.endIds = SamplingRequests.checkedSpecialIds(model.config(), endIds, padId);
        this.padId = padId;
        this.slots = slots;
    }

    /** @return how many sequences run at once */
    public int slots() {
        return slots;
    }

    /**
     * @param requests the sequences to generate, at least one
     * @param settings temperature, top-p and token budget
     * @return one generation per request, in order
     * @throws SequenceTooLongException when a prompt leaves no room for a new token within the max length
     * @throws TokenIdOutOfRangeException when a prompt holds an id outside the vocabulary
     */
    public List<Generation> generate(List<GenerationRequest> requests, SamplingConfig settings) {
        SamplingRequests validated = SamplingRequests.validated(requests, settings, model.config(), endIds);
        Deque<Integer> waiting = new ArrayDeque<>(IntStream.range(0, requests.size()).boxed().toList());
        List<Integer> rows = new ArrayList<>();
        try (NoGradient noGradient = NoGradient.scope();
             NDManager call = model.manager().newSubManager();
             RunningBatch running = new RunningBatch(call, model.config().layers())) {
            admitWaiting(call, running, rows, waiting, validated, settings);
            while (!rows.isEmpty()) {
                float[] logProbs;
                try (NDManager step = call.newSubManager()) {
                    logProbs = NextTokenLogProbs.of(model, running.nextColumn(step, model.config()), running.cache(),
                            settings);
                }
                running.advance(SequenceDraw.nextColumn(draws(rows, validated), logProbs,
                        model.config().vocabularySize(), settings, padId));
                retireFinished(running, rows, validated);
                admitWaiting(call, running, rows, waiting, validated, settings);
            }
        }
        return validated.draws().stream().map(SequenceDraw::generation).toList();
    }

    /** Fills free slots from the queue; a sequence that ends at its first token frees its slot at once. */
    private void admitWaiting(NDManager call, RunningBatch running, List<Integer> rows, Deque<Integer> waiting,
                              SamplingRequests validated, SamplingConfig settings) {
        while (!waiting.isEmpty() && rows.size() < slots) {
            List<Integer> joining = new ArrayList<>();
            while (!waiting.isEmpty() && rows.size() + joining.size() < slots) {
                joining.add(waiting.poll());
            }
            prefill(call, running, joining, validated, settings);
            rows.addAll(joining);
            retireFinished(running, rows, validated);
        }
    }

    /** Runs the joining prompts as one left-padded batch, draws their first tokens and adds them to the batch. */
    private void prefill(NDManager call, RunningBatch running, List<Integer> joining, SamplingRequests validated,
                         SamplingConfig settings) {
        List<int[]> prompts = joining.stream().map(validated.prompts()::get).toList();
        PaddedBatch batch = PaddedBatch.ofPrompts(prompts, padId);
        try (NDManager step = call.newSubManager();
             KvCache prefilled = new KvCache(step, model.config().layers())) {
            float[] logProbs = NextTokenLogProbs.of(model, batch.input(step, 0, batch.width(), model.config()),
                    prefilled, settings);
            long[] firstTokens = SequenceDraw.nextColumn(draws(joining, validated), logProbs,
                    model.config().vocabularySize(), settings, padId);
            running.admit(prefilled, prompts.stream().mapToInt(p -> p.length).toArray(), firstTokens);
        }
    }

    private static void retireFinished(RunningBatch running, List<Integer> rows, SamplingRequests validated) {
        int[] kept = IntStream.range(0, rows.size())
                .filter(row -> !validated.draws().get(rows.get(row)).finished())
                .toArray();
        List<Integer> keptRequests = Arrays.stream(kept).mapToObj(rows::get).toList();
        running.keepRows(kept);
        rows.clear();
        rows.addAll(keptRequests);
    }

    private static List<SequenceDraw> draws(List<Integer> requestIndices, SamplingRequests validated) {
        return requestIndices.stream().map(validated.draws()::get).toList();
    }
}
