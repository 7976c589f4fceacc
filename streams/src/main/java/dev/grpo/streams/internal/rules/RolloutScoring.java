package dev.grpo.streams.internal.rules;

import dev.grpo.records.RewardScore;
import dev.grpo.schemas.DeadLetterReason;
import dev.grpo.schemas.RecordLayout;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.internal.rewards.RewardComponents;
import dev.grpo.streams.spi.Completion;
import dev.grpo.streams.spi.RewardFunction;
import dev.grpo.streams.spi.Score;
import dev.grpo.streams.spi.SinkLimit;
import dev.grpo.streams.spi.UnscorableCompletionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scores one rollout with every in-process reward function that applies to its task: the work of
 * the rule-reward app, and of the assembler when it runs the rule rewards itself. A function scoped
 * to other tasks ({@code tasks.<component>}) is not run, so a math check never sees a program; a
 * rollout no function applies to gets no scores, which is not a failure. A rollout that any function cannot score,
 * or scores with a non-finite value, gets no scores at all, so its group is reported incomplete
 * rather than averaged over a partial reward; so does one whose scores would not all fit their topic.
 */
public final class RolloutScoring {

    private final List<RewardFunction> functions;
    private final RewardComponents components;
    private final RecordSerde<RewardScore> serde = RecordSerdes.rewardScore();

    /** Scoring with {@code functions} (already configured), each on the tasks {@code components} scopes it to. */
    public RolloutScoring(List<RewardFunction> functions, RewardComponents components) {
        if (functions.isEmpty()) {
            throw new IllegalArgumentException("rule scoring needs at least one in-process reward function");
        }
        this.functions = List.copyOf(functions);
        this.components = Objects.requireNonNull(components, "components");
    }

    /** The components these functions score. */
    public List<String> components() {
        return functions.stream().map(RewardFunction::name).toList();
    }

    /**
     * One score per function that applies to the rollout's task, stamped {@code now}, each encoded as the value of a record keyed {@code key} on
     * {@code sink}; or why the rollout cannot be scored, or why its scores cannot all be written there (then none is:
     * ids or a key long enough to fill a score's topic).
     */
    public Outcome score(RecordLayout rollout, long now, byte[] key, SinkLimit sink) {
        Completion completion = completion(rollout);
        String rolloutId = rollout.stringField("rollout_id");
        RewardScore.Builder member = RewardScore.newBuilder()
                .setRolloutId(rolloutId)
                .setGroupId(rollout.stringField("group_id"))
                .setIndex(rollout.intField("index"))
                .setGroupSize(rollout.intField("group_size"))
                .setScoredAt(Instant.ofEpochMilli(now));
        List<RewardScore> scored = new ArrayList<>(functions.size());
        for (RewardFunction function : functions) {
            if (!components.appliesTo(function.name(), completion.task())) {
                continue;
            }
            Score score;
            try {
                score = function.score(completion);
            } catch (RuntimeException unscorable) {
                return new Unscorable(unscorable instanceof UnscorableCompletionException
                        ? DeadLetterReason.UNSCORABLE_COMPLETION : DeadLetterReason.REWARD_FUNCTION_FAILED, "reward '" + function.name()
                        + "' could not score rollout " + rolloutId + ": " + unscorable.getMessage());
            }
            if (!Double.isFinite(score.value())) {
                return new Unscorable(DeadLetterReason.NON_FINITE_REWARD, "reward '" + function.name() + "' returned " + score.value()
                        + " for rollout " + rolloutId);
            }
            scored.add(rewardScore(member, function, score));
        }
        List<byte[]> encoded = new ArrayList<>(scored.size());
        for (RewardScore score : scored) {
            byte[] bytes = serde.encode(score);
            if (!sink.admits(key, bytes)) {
                return new Unscorable(DeadLetterReason.OUTPUT_TOO_LARGE, sink.refusal("the '" + score.getComponent()
                        + "' score of this rollout", key, bytes));
            }
            encoded.add(bytes);
        }
        return new Scored(scored, encoded);
    }

    /** What the reward functions see of a rollout, read from its bytes: its token arrays are never decoded. */
    static Completion completion(RecordLayout rollout) {
        return new Completion(rollout.stringField("prompt"), rollout.stringField("completion_text"),
                rollout.stringField("ground_truth"), rollout.stringField("language"), rollout.stringField("task"),
                rollout.arrayLength("completion_token_ids"), rollout.intField("sampling.max_new_tokens"),
                rollout.enumField("finish_reason"), rollout.optionalStringField("verification").orElse(""));
    }

    /** The score of {@code function}, on top of the rollout's identity already set in {@code member}. */
    private static RewardScore rewardScore(RewardScore.Builder member, RewardFunction function, Score score) {
        return RewardScore.newBuilder(member)
                .setComponent(function.name())
                .setValue(score.value())
                .setRewardVersion(function.version())
                .setDetails(Score.publishedDetail(score.detail()))
                .build();
    }

    /** The result of scoring one rollout. */
    public sealed interface Outcome permits Scored, Unscorable {
    }

    /**
     * @param scores one score per function that applies, in the functions' order (none when none applies)
     * @param encoded each score's record value, in the same order, known to fit its sink
     */
    public record Scored(List<RewardScore> scores, List<byte[]> encoded) implements Outcome {
    }

    /**
     * @param errorType the dead letter's error type
     * @param reason what went wrong, naming the function and the rollout
     */
    public record Unscorable(DeadLetterReason errorType, String reason) implements Outcome {
    }
}
