package dev.grpo.tests.serde;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.FinishReason;
import dev.grpo.records.PolicyVersion;
import dev.grpo.records.Prompt;
import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.records.SamplingParams;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One realistic record of every type, as the pipeline would publish them for group {@code g-7}. */
final class SampleRecords {

    static final String GROUP = "g-7";
    private static final Instant CREATED = Instant.parse("2025-06-01T12:00:00.123Z");
    private static final Instant FINISHED = Instant.parse("2025-06-01T12:00:01.456Z");

    private SampleRecords() {
    }

    static Prompt prompt() {
        return Prompt.newBuilder().setPromptId("arith-7").setText("What is 6 × 7? Answer in <answer></answer>.")
                .setGroundTruth("42").setLanguage("en").setTask("arithmetic").setCreatedAt(CREATED).build();
    }

    static Rollout rollout() {
        return Rollout.newBuilder()
                .setRolloutId(GROUP + "/1").setGroupId(GROUP).setIndex(1).setGroupSize(4).setPromptId("arith-7")
                .setPrompt("What is 6 × 7?").setGroundTruth("42").setLanguage("en").setTask("arithmetic")
                .setPromptTokenIds(List.of(101, 7, 42, 102)).setCompletionTokenIds(List.of(9, 8, 2))
                .setBehaviourLogprobs(List.of(-0.5f, -1.25f, -0.01f)).setCompletionText("<think>6×7</think><answer>42</answer>")
                .setFinishReason(FinishReason.STOP).setPolicyVersion(3L).setGeneratorId("generator-1")
                .setSampling(SamplingParams.newBuilder().setTemperature(1.0f).setTopP(0.95f).setMaxNewTokens(64)
                        .setSeed(17L).build())
                .setCreatedAt(CREATED).setFinishedAt(FINISHED).build();
    }

    static RewardScore rewardScore() {
        return RewardScore.newBuilder().setRolloutId(GROUP + "/1").setGroupId(GROUP).setIndex(1).setGroupSize(4)
                .setComponent("accuracy").setValue(1.0).setRewardVersion("rules-1").setDetails("answer 42 matches")
                .setScoredAt(FINISHED).build();
    }

    static AdvantageSample advantageSample() {
        return AdvantageSample.newBuilder().setRolloutId(GROUP + "/1").setGroupId(GROUP).setIndex(1).setGroupSize(4)
                .setPromptId("arith-7").setPromptTokenIds(List.of(101, 7, 42, 102)).setCompletionTokenIds(List.of(9, 8, 2))
                .setBehaviourLogprobs(List.of(-0.5f, -1.25f, -0.01f)).setTemperature(1.0f).setPolicyVersion(3L)
                .setReward(1.5).setRewardComponents(Map.of("accuracy", 1.0, "format", 0.5))
                .setRewardVersions(Map.of("accuracy", "rules-1", "format", "rules-1"))
                .setAdvantage(0.87).setAssembledAt(FINISHED).build();
    }

    static PolicyVersion policyVersion() {
        return PolicyVersion.newBuilder().setLearnerId("learner-1").setVersion(4L)
                .setCheckpointUri("file:///tmp/grpo/checkpoints/step-4")
                .setSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .setReferenceVersion(0L).setPublishedAt(FINISHED).build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder().setSourceTopic("grpo.rollouts").setSourcePartition(2).setSourceOffset(99L)
                .setStage("rule-rewards").setReason("TRUNCATED record in grpo.rollouts partition 2 offset 99")
                .setErrorType("TRUNCATED").setOriginalKey(ByteBuffer.wrap(GROUP.getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 0x00}))
                .setFailedAt(FINISHED).build();
    }
}
