package dev.grpo.bench.learner;

import dev.grpo.learner.internal.batch.ReceivedSample;
import dev.grpo.learner.internal.batch.TrainingGroup;
import dev.grpo.policy.ScoringRequest;
import dev.grpo.records.AdvantageSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;

/**
 * A learner step's worth of rollouts drawn from a seed: {@code groups} prompts, each completed {@code groupSize}
 * times. Lengths spread as a real step's do: each group's prompt has between 3/4 of {@code promptTokens} and all of
 * it, each completion between 1/4 of {@code completionTokens} and all of it, and the first group's prompt and first
 * completion take the full lengths, so every batch drawn with the same shape pads to the same width. Rewards are 0 or
 * 1 and advantages are group-normalised, as the rewards stage computes them.
 *
 * @param prompts each sample's prompt ids (members of a group share one)
 * @param completions each sample's completion ids
 * @param advantages each sample's advantage
 * @param groupSize completions per group; samples are stored group after group
 */
public record SyntheticBatch(List<int[]> prompts, List<int[]> completions, float[] advantages, int groupSize) {

    /**
     * Draws a batch; the same arguments always give the same batch.
     *
     * @param shape groups, group size and maximum lengths
     * @param vocabulary ids are drawn from {@code [0, vocabulary)}
     * @param seed the seed
     * @return the batch
     */
    public static SyntheticBatch draw(LearnerBenchmark.Config shape, int vocabulary, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> prompts = new ArrayList<>();
        List<int[]> completions = new ArrayList<>();
        float[] advantages = new float[shape.groups() * shape.groupSize()];
        for (int group = 0; group < shape.groups(); group++) {
            int promptLength = group == 0 ? shape.promptTokens() : between(random, shape.promptTokens() * 3 / 4,
                    shape.promptTokens());
            int[] prompt = random.ints(promptLength, 0, vocabulary).toArray();
            int[] rewards = random.ints(shape.groupSize(), 0, 2).toArray();
            float[] normalised = normalised(rewards);
            for (int member = 0; member < shape.groupSize(); member++) {
                int length = group == 0 && member == 0 ? shape.completionTokens()
                        : between(random, shape.completionTokens() / 4, shape.completionTokens());
                prompts.add(prompt);
                completions.add(random.ints(length, 0, vocabulary).toArray());
                advantages[group * shape.groupSize() + member] = normalised[member];
            }
        }
        return new SyntheticBatch(List.copyOf(prompts), List.copyOf(completions), advantages, shape.groupSize());
    }

    private static int between(SplittableRandom random, int low, int high) {
        return random.nextInt(Math.max(1, low), high + 1);
    }

    /** (r − mean) / std over the group; all zero when every member has the same reward. */
    private static float[] normalised(int[] rewards) {
        double mean = IntStream.of(rewards).average().orElse(0);
        double variance = IntStream.of(rewards).mapToDouble(r -> (r - mean) * (r - mean)).average().orElse(0);
        double std = Math.sqrt(variance);
        float[] advantages = new float[rewards.length];
        for (int i = 0; i < rewards.length; i++) {
            advantages[i] = std == 0 ? 0f : (float) ((rewards[i] - mean) / std);
        }
        return advantages;
    }

    /** @return the number of samples */
    public int size() {
        return completions.size();
    }

    /** @return the completion tokens of all samples */
    public long completionTokens() {
        return completions.stream().mapToLong(c -> c.length).sum();
    }

    /** @return one scoring request per sample, in order */
    public List<ScoringRequest> scoringRequests() {
        return IntStream.range(0, size()).mapToObj(i -> new ScoringRequest(prompts.get(i), completions.get(i)))
                .toList();
    }

    /**
     * @param behaviourLogProbs per sample, one log-prob per completion token: what the generator recorded
     * @param temperature the sampling temperature the samples claim
     * @return the groups as the learner receives them, in order
     */
    public List<TrainingGroup> trainingGroups(float[][] behaviourLogProbs, float temperature) {
        List<TrainingGroup> groups = new ArrayList<>();
        for (int from = 0; from < size(); from += groupSize) {
            String groupId = "bench-" + from / groupSize;
            List<ReceivedSample> members = new ArrayList<>();
            for (int index = 0; index < groupSize; index++) {
                AdvantageSample sample = sample(groupId, index, from + index, behaviourLogProbs[from + index],
                        temperature);
                members.add(new ReceivedSample(sample, new TopicPartition("bench", 0), from + index, new byte[0],
                        new byte[0]));
            }
            groups.add(new TrainingGroup(groupId, members));
        }
        return groups;
    }

    private AdvantageSample sample(String groupId, int index, int position, float[] behaviour, float temperature) {
        List<Float> logProbs = new ArrayList<>(behaviour.length);
        for (float value : behaviour) {
            logProbs.add(value);
        }
        return AdvantageSample.newBuilder()
                .setRolloutId(groupId + "/" + index).setGroupId(groupId).setIndex(index).setGroupSize(groupSize)
                .setPromptId(groupId)
                .setPromptTokenIds(IntStream.of(prompts.get(position)).boxed().toList())
                .setCompletionTokenIds(IntStream.of(completions.get(position)).boxed().toList())
                .setBehaviourLogprobs(logProbs)
                .setTemperature(temperature).setPolicyVersion(0)
                .setReward(advantages[position] > 0 ? 1 : 0)
                .setRewardComponents(Map.of("accuracy", advantages[position] > 0 ? 1.0 : 0.0))
                .setRewardVersions(Map.of("accuracy", "1"))
                .setAdvantage(advantages[position])
                .setAssembledAt(Instant.EPOCH)
                .build();
    }
}
