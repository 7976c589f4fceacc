package dev.grpo.schemas;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.FinishReason;
import dev.grpo.records.PolicyVersion;
import dev.grpo.records.Prompt;
import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.records.SamplingParams;
import dev.grpo.records.SftExample;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Records of every type for the serde tests: "full" ones with every optional field set, non-ASCII
 * text and edge-case numbers, and "sparse" ones with optional fields null, arrays and maps empty.
 */
final class SampleRecords {

    static final Instant CREATED = Instant.parse("2025-03-14T15:09:26.535Z");
    static final Instant FINISHED = Instant.parse("2025-03-14T15:09:27.001Z");
    static final String VERIFICATION = "{\"kind\": \"stdin-stdout\", \"language\": \"python\", \"tests\": "
            + "[{\"input\": \"6 7\\n\", \"output\": \"42\"}], \"time_limit_s\": 2, \"memory_mb\": 256}";
    static final String CJK = "答案是 42。让我们一步一步地思考：７×６＝４２ 🚀 — Ünïcödé";

    private SampleRecords() {
    }

    static Prompt fullPrompt() {
        return Prompt.newBuilder().setPromptId("arith-000042").setText("What is 7 × 6? " + CJK)
                .setGroundTruth("42").setLanguage("zh").setTask("arithmetic").setCreatedAt(CREATED)
                .setVerification(VERIFICATION).build();
    }

    static Prompt sparsePrompt() {
        return Prompt.newBuilder().setPromptId("").setText("").setGroundTruth("").setTask("")
                .setCreatedAt(Instant.EPOCH).build();
    }

    static Rollout fullRollout() {
        return Rollout.newBuilder()
                .setRolloutId("g-42/3").setGroupId("g-42").setIndex(3).setGroupSize(8)
                .setPromptId("arith-000042").setPrompt("<think>" + CJK).setGroundTruth("42").setLanguage("zh")
                .setTask("arithmetic")
                .setPromptTokenIds(List.of(0, 1, 127, 128, 65_535, Integer.MAX_VALUE, Integer.MIN_VALUE, -1))
                .setCompletionTokenIds(List.of(17, 4242, 2))
                .setBehaviourLogprobs(List.of(-0.25f, Float.NEGATIVE_INFINITY, -1.0e-7f))
                .setCompletionText(CJK).setFinishReason(FinishReason.STOP).setPolicyVersion(Long.MAX_VALUE - 2)
                .setTokenPolicyVersions(List.of(Long.MAX_VALUE - 2, Long.MAX_VALUE - 1, Long.MAX_VALUE))
                .setGeneratorId("generator-东京-1")
                .setSampling(SamplingParams.newBuilder().setTemperature(0.7f).setTopP(0.95f).setMaxNewTokens(512)
                        .setSeed(Long.MIN_VALUE).build())
                .setCreatedAt(CREATED).setFinishedAt(FINISHED).setVerification(VERIFICATION)
                .build();
    }

    static Rollout sparseRollout() {
        return Rollout.newBuilder()
                .setRolloutId("g/0").setGroupId("g").setIndex(0).setGroupSize(1).setPromptId("p").setPrompt("")
                .setGroundTruth("").setTask("").setPromptTokenIds(List.of()).setCompletionTokenIds(List.of())
                .setBehaviourLogprobs(List.of()).setCompletionText("").setFinishReason(FinishReason.UNKNOWN)
                .setPolicyVersion(0L).setGeneratorId("")
                .setSampling(SamplingParams.newBuilder().setTemperature(1.0f).setTopP(1.0f).setMaxNewTokens(0).build())
                .setCreatedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH)
                .build();
    }

    static RewardScore fullRewardScore() {
        return RewardScore.newBuilder().setRolloutId("g-42/3").setGroupId("g-42").setIndex(3).setGroupSize(8)
                .setComponent("language_consistency").setValue(0.875).setRewardVersion("rules-1.0.0+sha.abc")
                .setDetails("extracted answer: ４２ (全角)").setScoredAt(FINISHED).build();
    }

    static RewardScore sparseRewardScore() {
        return RewardScore.newBuilder().setRolloutId("").setGroupId("").setIndex(0).setGroupSize(0)
                .setComponent("").setValue(-0.0).setRewardVersion("").setDetails(null).setScoredAt(Instant.EPOCH)
                .build();
    }

    static AdvantageSample fullAdvantageSample() {
        return AdvantageSample.newBuilder().setRolloutId("g-42/3").setGroupId("g-42").setIndex(3).setGroupSize(8)
                .setPromptId("arith-000042").setPromptTokenIds(List.of(5, 6, 7)).setCompletionTokenIds(List.of(8, 9))
                .setBehaviourLogprobs(List.of(-0.5f, -2.25f)).setTemperature(0.7f).setPolicyVersion(12L)
                .setReward(1.75).setRewardComponents(Map.of("accuracy", 1.0, "format", 0.5, "语言", 0.25))
                .setRewardVersions(Map.of("accuracy", "rules-1", "format", "rules-1", "语言", "lc-2"))
                .setAdvantage(-1.2345678901234567).setAssembledAt(FINISHED).setTokenPolicyVersions(List.of(12L, 13L)).build();
    }

    static AdvantageSample sparseAdvantageSample() {
        return AdvantageSample.newBuilder().setRolloutId("").setGroupId("").setIndex(0).setGroupSize(0)
                .setPromptId("").setPromptTokenIds(List.of()).setCompletionTokenIds(List.of())
                .setBehaviourLogprobs(List.of()).setTemperature(0f).setPolicyVersion(0L).setReward(0.0)
                .setRewardComponents(Map.of()).setRewardVersions(Map.of()).setAdvantage(0.0)
                .setAssembledAt(Instant.EPOCH).build();
    }

    static SftExample fullSftExample() {
        return SftExample.newBuilder().setExampleId("g-42/3").setPromptId("arith-000042")
                .setPromptTokenIds(List.of(5, 6, 7)).setCompletionTokenIds(List.of(8, 9, 2)).setRolloutId("g-42/3")
                .setGroupId("g-42").setPolicyVersion(12L).setReward(2.0)
                .setRewardComponents(Map.of("accuracy", 1.0, "format", 1.0, "语言", 0.96875)).setRank(4)
                .setSelection("accuracy=1 format=1 language_consistency>=0.95 k=4 " + CJK).setSelectedAt(FINISHED)
                .build();
    }

    static SftExample sparseSftExample() {
        return SftExample.newBuilder().setExampleId("").setPromptId("").setPromptTokenIds(List.of())
                .setCompletionTokenIds(List.of()).setRolloutId("").setGroupId("").setPolicyVersion(0L).setReward(0.0)
                .setRewardComponents(Map.of()).setRank(0).setSelection("").setSelectedAt(Instant.EPOCH).build();
    }

    static PolicyVersion fullPolicyVersion() {
        return PolicyVersion.newBuilder().setLearnerId("learner-α").setVersion(7L)
                .setCheckpointUri("file:///tmp/检查点/step-7").setSha256("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
                .setReferenceVersion(0L).setPublishedAt(CREATED).build();
    }

    static PolicyVersion sparsePolicyVersion() {
        return PolicyVersion.newBuilder().setLearnerId("").setVersion(0L).setCheckpointUri("").setSha256("")
                .setReferenceVersion(null).setPublishedAt(Instant.EPOCH).build();
    }

    static DeadLetter fullDeadLetter() {
        return DeadLetter.newBuilder().setSourceTopic("grpo.rollouts").setSourcePartition(5).setSourceOffset(1L << 40)
                .setStage("rule-rewards").setReason("TRUNCATED record in grpo.rollouts partition 5 offset 1099511627776")
                .setErrorType("TRUNCATED").setOriginalKey(ByteBuffer.wrap("g-42".getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 0, (byte) 0xFF}))
                .setFailedAt(FINISHED).setOriginalValueSize(8L * 1024 * 1024).build();
    }

    static DeadLetter sparseDeadLetter() {
        return DeadLetter.newBuilder().setSourceTopic("").setSourcePartition(0).setSourceOffset(0L).setStage("")
                .setReason("").setErrorType("").setOriginalKey(null).setOriginalValue(ByteBuffer.allocate(0))
                .setFailedAt(Instant.EPOCH).build();
    }
}
