package dev.grpo.streams.internal.topology;

import dev.grpo.records.FinishReason;
import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.records.SamplingParams;
import java.time.Instant;
import java.util.List;

/** Rollouts and reward scores for topology tests: an arithmetic prompt in the R1-Zero format. */
public final class TestRollouts {

    private TestRollouts() {
    }

    /** Member {@code index} of a group of {@code groupSize} answering {@code answer} to 123 + 456. */
    public static Rollout rollout(String groupId, int index, int groupSize, String answer) {
        return rollout(groupId, index, groupSize, "<think>123 + 456 = 579</think><answer>" + answer + "</answer>", "579", "en");
    }

    /** A rollout with the given completion text, ground truth and language. */
    public static Rollout rollout(String groupId, int index, int groupSize, String completion, String truth, String language) {
        return Rollout.newBuilder()
                .setRolloutId(groupId + "/" + index)
                .setGroupId(groupId)
                .setIndex(index)
                .setGroupSize(groupSize)
                .setPromptId("p-" + groupId)
                .setPrompt("User: What is 123 + 456? Assistant:")
                .setGroundTruth(truth)
                .setLanguage(language)
                .setTask("arithmetic")
                .setPromptTokenIds(List.of(1, 2, 3))
                .setCompletionTokenIds(List.of(4, 5, 6, 7))
                .setBehaviourLogprobs(List.of(-0.5f, -0.25f, -1.0f, -0.125f))
                .setCompletionText(completion)
                .setFinishReason(FinishReason.STOP)
                .setPolicyVersion(7)
                .setGeneratorId("gen-1")
                .setSampling(SamplingParams.newBuilder().setTemperature(1.0f).setTopP(1.0f).setMaxNewTokens(512).build())
                .setCreatedAt(Instant.ofEpochMilli(1_000))
                .setFinishedAt(Instant.ofEpochMilli(2_000))
                .build();
    }

    /** A score of {@code component} for member {@code index} of {@code groupId}. */
    public static RewardScore score(String groupId, int index, int groupSize, String component, double value) {
        return RewardScore.newBuilder()
                .setRolloutId(groupId + "/" + index)
                .setGroupId(groupId)
                .setIndex(index)
                .setGroupSize(groupSize)
                .setComponent(component)
                .setValue(value)
                .setRewardVersion(component + "-test")
                .setScoredAt(Instant.ofEpochMilli(3_000))
                .build();
    }
}
