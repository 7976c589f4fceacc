package dev.grpo.coderewards;

import dev.grpo.coderewards.internal.verify.UnrunnableSpecException;
import dev.grpo.schemas.VerificationSpec;
import dev.grpo.streams.spi.Completion;
import dev.grpo.streams.spi.RewardFunction;
import dev.grpo.streams.spi.RewardFunctionConfig;
import dev.grpo.streams.spi.Score;
import dev.grpo.streams.spi.UnscorableCompletionException;

/**
 * DeepSeek-R1's accuracy reward for code as a reward function: 1 when the submitted program passes every test of
 * the prompt's verification spec, else 0 ({@code partial}: the fraction of tests passed), with the failing reason
 * as the detail. The {@code grpo code-reward} stage publishes it to {@code grpo.rewards.code}; {@code grpo score}
 * runs it offline.
 */
public final class CodeReward implements RewardFunction {

    /** The component name. */
    public static final String NAME = "code";

    /** The option ({@code option.code.partial}) that scores the fraction of tests passed. */
    public static final String PARTIAL_OPTION = "partial";

    private final CodeVerifier verifier;
    private final boolean partial;

    /** The reward running programs with {@code verifier}; {@code partial} scores the fraction of tests passed. */
    public CodeReward(CodeVerifier verifier, boolean partial) {
        this.verifier = verifier;
        this.partial = partial;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "code-1/" + (partial ? "partial" : "all-tests") + "/" + String.join("+", verifier.languages());
    }

    /**
     * Scores the completion against its verification spec.
     *
     * @throws UnscorableCompletionException when the completion has no spec, the spec is malformed or names an
     *     unsupported language, or the sandbox failed: none of these says anything about the program
     */
    @Override
    public Score score(Completion completion) {
        Verdict verdict = verdict(completion);
        return Score.of(verdict.score(partial), verdict.summary());
    }

    /** The verdict on the completion's program, for callers that need more than the score. */
    public Verdict verdict(Completion completion) {
        if (completion.verification().isBlank()) {
            throw new UnscorableCompletionException("the rollout has no verification spec to run its program against");
        }
        VerificationSpec spec;
        try {
            spec = verifier.spec(completion.verification());
        } catch (UnrunnableSpecException unrunnable) {
            throw new UnscorableCompletionException(unrunnable.getMessage());
        }
        Verdict verdict = verifier.verify(spec, completion.text(), partial);
        if (verdict.sandboxFailed()) {
            throw new UnscorableCompletionException(verdict.reason());
        }
        return verdict;
    }

    /** This reward with {@code option.code.partial} applied ({@code true}: the fraction of tests passed). */
    @Override
    public RewardFunction configured(RewardFunctionConfig options) {
        String value = options.settings().getOrDefault(PARTIAL_OPTION, Boolean.toString(partial)).strip();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("reward config: option.code." + PARTIAL_OPTION
                    + " must be true or false, got '" + value + "'");
        }
        return new CodeReward(verifier, Boolean.parseBoolean(value));
    }

    /** Whether this reward scores the fraction of tests passed rather than all or nothing. */
    public boolean partial() {
        return partial;
    }
}
