package dev.grpo.learner;

import dev.grpo.learner.internal.batch.ReceivedSample;
import dev.grpo.records.AdvantageSample;
import org.apache.kafka.common.TopicPartition;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Builds advantage samples for the learner's tests. */
public final class Samples {

    private Samples() {
    }

    /**
     * @param groupId the group
     * @param index the member's index
     * @param groupSize G
     * @param prompt prompt ids
     * @param completion completion ids
     * @param logProbs behaviour log-probs
     * @param advantage the advantage
     * @param policyVersion the generating version
     * @return the sample, at temperature 1
     */
    public static AdvantageSample sample(String groupId, int index, int groupSize, int[] prompt, int[] completion,
                                         float[] logProbs, double advantage, long policyVersion) {
        return AdvantageSample.newBuilder()
                .setRolloutId(groupId + "/" + index)
                .setGroupId(groupId)
                .setIndex(index)
                .setGroupSize(groupSize)
                .setPromptId("prompt-" + groupId)
                .setPromptTokenIds(boxed(prompt))
                .setCompletionTokenIds(boxed(completion))
                .setBehaviourLogprobs(boxed(logProbs))
                .setTemperature(1f)
                .setPolicyVersion(policyVersion)
                .setReward(advantage > 0 ? 1.0 : 0.0)
                .setRewardComponents(Map.of("accuracy", advantage > 0 ? 1.0 : 0.0))
                .setRewardVersions(Map.of("accuracy", "1"))
                .setAdvantage(advantage)
                .setAssembledAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    /**
     * @param sample a sample
     * @param offset its pretend offset in partition 0 of {@code test}
     * @return the sample as received
     */
    public static ReceivedSample received(AdvantageSample sample, long offset) {
        return new ReceivedSample(sample, new TopicPartition("test", 0), offset, new byte[0], new byte[0]);
    }

    /**
     * @param length the number of log-probs
     * @return log-probs of −1
     */
    public static float[] uniformLogProbs(int length) {
        float[] values = new float[length];
        Arrays.fill(values, -1f);
        return values;
    }

    private static List<Integer> boxed(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static List<Float> boxed(float[] values) {
        return IntStream.range(0, values.length).mapToObj(i -> values[i]).toList();
    }
}
