package dev.grpo.streams.rules;

import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.serde.RecordDecodingException;
import dev.grpo.schemas.serde.RecordLayout;
import dev.grpo.schemas.serde.RecordSerde;
import dev.grpo.schemas.serde.RecordSerdes;
import dev.grpo.streams.rewards.Completion;
import dev.grpo.streams.rewards.RewardFunction;
import dev.grpo.streams.rewards.Score;
import dev.grpo.streams.topology.DeadLetters;
import dev.grpo.streams.topology.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Scores each rollout with every in-process reward function and forwards one {@link RewardScore}
 * per function, keyed like the rollout; a rollout that cannot be decoded or scored (by any
 * function) goes to the dead-letter sink instead, with none of its scores, so the assembler
 * reports its group as incomplete rather than averaging a partial reward.
 */
final class RuleRewardsProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final int MAX_DETAIL = 240;

    private final List<RewardFunction> functions;
    private final RecordSerde<Rollout> rollouts = RecordSerdes.rollout();
    private final RecordSerde<RewardScore> scores = RecordSerdes.rewardScore();
    private ProcessorContext<byte[], byte[]> context;
    private DeadLetters deadLetters;

    RuleRewardsProcessor(List<RewardFunction> functions) {
        this.functions = functions;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.deadLetters = new DeadLetters(context.applicationId());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        SourceRecord source = SourceRecord.of(context, record);
        if (record.value() == null) {
            deadLetter(source, "NULL_VALUE", "a rollout record without a value");
            return;
        }
        RecordLayout rollout;
        try {
            rollout = rollouts.layout(source.topic(), source.partition(), source.offset(), record.value());
        } catch (RecordDecodingException undecodable) {
            deadLetter(source, undecodable.kind().name(), undecodable.getMessage());
            return;
        }
        List<RewardScore> scored = new ArrayList<>(functions.size());
        Completion completion = completion(rollout);
        String rolloutId = rollout.stringField("rollout_id");
        long now = context.currentSystemTimeMs();
        for (RewardFunction function : functions) {
            Score score;
            try {
                score = function.score(completion);
            } catch (RuntimeException unscorable) {
                deadLetter(source, unscorable.getClass().getSimpleName(),
                        "reward '" + function.name() + "' could not score rollout " + rolloutId + ": "
                                + unscorable.getMessage());
                return;
            }
            if (!Double.isFinite(score.value())) {
                deadLetter(source, "NON_FINITE_REWARD", "reward '" + function.name() + "' returned " + score.value()
                        + " for rollout " + rolloutId);
                return;
            }
            scored.add(rewardScore(rollout, rolloutId, function, score, now));
        }
        byte[] key = record.key() != null ? record.key()
                : rollout.stringField("group_id").getBytes(StandardCharsets.UTF_8);
        for (RewardScore score : scored) {
            context.forward(new Record<>(key, scores.encode(score), record.timestamp()), RuleRewardsTopology.REWARDS_SINK);
        }
    }

    private void deadLetter(SourceRecord source, String errorType, String reason) {
        context.forward(deadLetters.of(source, errorType, reason, context.currentSystemTimeMs()),
                RuleRewardsTopology.DEAD_LETTER_SINK);
    }

    /** What the reward functions see of a rollout, read from its bytes: its token arrays are never decoded. */
    static Completion completion(RecordLayout rollout) {
        return new Completion(rollout.stringField("prompt"), rollout.stringField("completion_text"),
                rollout.stringField("ground_truth"), rollout.stringField("language"), rollout.stringField("task"),
                rollout.arrayLength("completion_token_ids"), rollout.intField("sampling.max_new_tokens"),
                rollout.enumField("finish_reason"));
    }

    private static RewardScore rewardScore(RecordLayout rollout, String rolloutId, RewardFunction function, Score score,
            long now) {
        String detail = score.detail();
        if (detail != null && detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL) + "…";
        }
        return RewardScore.newBuilder()
                .setRolloutId(rolloutId)
                .setGroupId(rollout.stringField("group_id"))
                .setIndex(rollout.intField("index"))
                .setGroupSize(rollout.intField("group_size"))
                .setComponent(function.name())
                .setValue(score.value())
                .setRewardVersion(function.version())
                .setDetails(detail)
                .setScoredAt(Instant.ofEpochMilli(now))
                .build();
    }
}
