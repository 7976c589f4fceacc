package dev.grpo.streams.spi;

/**
 * An in-process reward component: the plug-in point for new rewards. An implementation is one
 * class with a public no-argument constructor, listed in
 * {@code META-INF/services/dev.grpo.streams.spi.RewardFunction}; naming it (with a weight) in
 * the reward configuration makes the assembler (or the rule-reward app) score every rollout with it
 * and the assembler wait for its score.
 *
 * <p>Implementations must be thread-safe and free of side effects, must return within roughly
 * {@link RewardFunctionConfig#timeout()} and must never return NaN or an infinite value; a completion
 * that cannot be scored at all raises {@link UnscorableCompletionException}.
 */
public interface RewardFunction {

    /**
     * The component name: lower-case letters, digits, '_' or '-'; unique among installed rewards.
     * It names the component in {@code RewardScore.component} and in the configuration.
     */
    String name();

    /** Version of the scoring code and its configuration, carried in every score it emits. */
    String version();

    /** Scores one completion. @throws UnscorableCompletionException when it cannot be scored */
    Score score(Completion completion);

    /** This function configured with {@code options}; functions without options return themselves. */
    default RewardFunction configured(RewardFunctionConfig options) {
        return this;
    }
}
