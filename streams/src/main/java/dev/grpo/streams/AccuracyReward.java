package dev.grpo.streams;

import dev.grpo.streams.internal.rewards.math.AnswerEquivalence;
import dev.grpo.streams.internal.rewards.math.Deadline;
import dev.grpo.streams.internal.rewards.math.FinalAnswer;
import dev.grpo.streams.internal.rewards.math.Verdict;
import dev.grpo.streams.spi.Completion;
import dev.grpo.streams.spi.RewardFunction;
import dev.grpo.streams.spi.RewardFunctionConfig;
import dev.grpo.streams.spi.Score;
import java.time.Duration;
import java.util.List;

/**
 * DeepSeek-R1's accuracy reward for math: 1 when the completion's final answer is equivalent to
 * the ground truth, else 0 (wrong, hedged, missing, unverifiable or out of time). The check runs
 * under a deadline of {@link RewardFunctionConfig#timeout()}.
 */
public final class AccuracyReward implements RewardFunction {

    /** The component name. */
    public static final String NAME = "accuracy";

    private final Duration timeout;
    private final String version;

    /** The reward with the default one-second budget, as {@link java.util.ServiceLoader} builds it. */
    public AccuracyReward() {
        this(RewardFunctionConfig.DEFAULTS.timeout());
    }

    private AccuracyReward(Duration timeout) {
        this.timeout = timeout;
        this.version = "accuracy-1/exact-rational+radicals/timeout=" + timeout.toMillis() + "ms";
    }

    /**
     * The final answer(s) {@code completion} commits to, as this reward reads them: the {@code <answer>} block after
     * the reasoning (a boxed answer inside it wins), or the last boxed answer; several mean several were given.
     */
    public static List<String> answerCandidates(String completion) {
        return FinalAnswer.candidates(completion);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Score score(Completion completion) {
        Verdict verdict = AnswerEquivalence.judge(completion.judgedText(), completion.groundTruth(),
                Deadline.after(timeout));
        return Score.of(verdict.correct() ? 1.0 : 0.0, verdict.outcome() + ": " + verdict.detail());
    }

    @Override
    public RewardFunction configured(RewardFunctionConfig options) {
        return new AccuracyReward(options.timeout());
    }
}
