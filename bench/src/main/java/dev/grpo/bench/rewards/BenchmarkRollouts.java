package dev.grpo.bench.rewards;

import dev.grpo.records.FinishReason;
import dev.grpo.records.Rollout;
import dev.grpo.records.SamplingParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Rollouts as the synthetic arithmetic task produces them, with completions of a fixed token
 * count: an R1-Zero-format reasoning text padded to about four characters per token, token ids
 * and behaviour log-probs of that length, half of each group answering correctly.
 */
final class BenchmarkRollouts {

    private final int tokens;
    private final int groupSize;
    private final Random random = new Random(42);

    BenchmarkRollouts(int tokens, int groupSize) {
        this.tokens = tokens;
        this.groupSize = groupSize;
    }

    int groupSize() {
        return groupSize;
    }

    /** The members of group {@code groupId}. */
    List<Rollout> group(String groupId) {
        int a = 10_000 + random.nextInt(90_000);
        int b = 10_000 + random.nextInt(90_000);
        List<Rollout> members = new ArrayList<>(groupSize);
        for (int index = 0; index < groupSize; index++) {
            int answer = index % 2 == 0 ? a + b : a + b + 1;
            members.add(rollout(groupId, index, a, b, answer));
        }
        return members;
    }

    private Rollout rollout(String groupId, int index, int a, int b, int answer) {
        List<Integer> ids = new ArrayList<>(tokens);
        List<Float> logprobs = new ArrayList<>(tokens);
        for (int t = 0; t < tokens; t++) {
            ids.add(random.nextInt(32_000));
            logprobs.add(-random.nextFloat() * 3);
        }
        return Rollout.newBuilder()
                .setRolloutId(groupId + "/" + index)
                .setGroupId(groupId)
                .setIndex(index)
                .setGroupSize(groupSize)
                .setPromptId("p-" + groupId)
                .setPrompt("A conversation between User and Assistant. User: What is " + a + " + " + b + "? Assistant: <think>")
                .setGroundTruth(Integer.toString(a + b))
                .setLanguage("en")
                .setTask("arithmetic")
                .setPromptTokenIds(ids.subList(0, Math.min(48, tokens)))
                .setCompletionTokenIds(ids)
                .setBehaviourLogprobs(logprobs)
                .setCompletionText(completion(a, b, answer))
                .setFinishReason(FinishReason.STOP)
                .setPolicyVersion(0)
                .setGeneratorId("bench")
                .setSampling(SamplingParams.newBuilder().setTemperature(1.0f).setTopP(1.0f).setMaxNewTokens(tokens).build())
                .setCreatedAt(Instant.now())
                .setFinishedAt(Instant.now())
                .build();
    }

    /** Reasoning of about four characters per token, then the answer. */
    private String completion(int a, int b, int answer) {
        StringBuilder text = new StringBuilder("We add " + a + " and " + b + " digit by digit, carrying as needed. ");
        int target = tokens * 4 - 40;
        while (text.length() < target) {
            text.append("The units give a digit and a carry; the tens add the carry. ");
        }
        text.setLength(target);
        return text.append("</think> <answer>").append(answer).append("</answer>").toString();
    }
}
