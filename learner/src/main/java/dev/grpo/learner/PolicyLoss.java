package dev.grpo.learner;

import dev.grpo.learner.internal.loss.ClippedRatio;
import dev.grpo.learner.internal.loss.ClippedWeight;
import dev.grpo.learner.internal.loss.DecoupledRatio;
import dev.grpo.learner.internal.loss.SequenceRatio;
import dev.grpo.learner.internal.loss.Surrogate;

/**
 * Which policy-gradient surrogate the learner maximises. All share the clip range ε_low/ε_high, the ratio cap C, the
 * KL term and the entropy bonus of {@link LossConfig}; they differ in what ratio they weigh each token by and what
 * they do outside the clip range.
 */
public enum PolicyLoss implements Labelled {

    /** Per-token PPO clip of π_θ/π_behaviour, truncated at C (DeepSeekMath / DAPO; the default). */
    GRPO("grpo", new ClippedRatio()),
    /**
     * AReaL's decoupled PPO: the clip is taken against the proximal policy (the weights before this step's update) and
     * the token is weighted by π_prox/π_behaviour, dropped when that weight exceeds C; stable at high staleness.
     */
    DECOUPLED_PPO("decoupled-ppo", new DecoupledRatio()),
    /** GSPO: one length-normalised sequence ratio per completion, clipped and truncated as a whole. */
    GSPO("gspo", new SequenceRatio()),
    /** CISPO (MiniMax-M1): REINFORCE weighted by the clipped, stop-gradient ratio; no token loses its gradient. */
    CISPO("cispo", new ClippedWeight());

    private final String label;
    private final Surrogate surrogate;

    PolicyLoss(String label, Surrogate surrogate) {
        this.label = label;
        this.surrogate = surrogate;
    }

    /** @return the name used on the command line, e.g. {@code decoupled-ppo} */
    @Override
    public String label() {
        return label;
    }

    /** @return the per-token surrogate this loss computes */
    Surrogate surrogate() {
        return surrogate;
    }

    /**
     * @param label a name as {@link #label()} gives it
     * @return the loss
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static PolicyLoss fromLabel(String label) {
        return Labelled.byLabel(PolicyLoss.class, "policy loss", label);
    }
}
