package dev.grpo.learner.internal.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * AReaL's decoupled PPO objective (Fu et al., 2025): the trust region is taken around the proximal policy π_prox,
 * the weights before this update, while the importance weight π_prox/π_behaviour corrects for the stale policy that
 * generated the tokens:
 *
 * <pre>
 *   r = π_θ/π_prox,   w = π_prox/π_behaviour  (no gradient; w := 0 where w > C, when there is a cap C)
 *   surrogate = w · min(r·A, clip(r, 1 − ε_low, 1 + ε_high)·A)
 * </pre>
 *
 * Without given proximal log-probs π_prox is π_θ itself with its gradient stopped: the learner makes one optimiser
 * update per step (mini-batches only accumulate gradient), so the weights before the update are the weights every
 * mini-batch is scored with, and no extra forward pass is needed. Then r = 1 in value and the gradient is
 * {@code w·A·∇log π_θ}.
 */
public final class DecoupledRatio implements Surrogate {

    /** {@inheritDoc} */
    @Override
    public TokenSurrogate compute(LossBatch batch, NDArray advantages, Objective settings) {
        NDArray proximal = batch.proximalLogProbs() != null ? batch.proximalLogProbs()
                : batch.logProbs().stopGradient();
        NDArray ratio = batch.logProbs().sub(proximal).exp();
        NDArray clipped = ratio.clip((float) (1 - settings.clipLow()), (float) (1 + settings.clipHigh()));
        NDArray clippedObjective = ratio.mul(advantages).minimum(clipped.mul(advantages));
        NDArray weight = proximal.sub(batch.behaviourLogProbs()).exp().stopGradient();
        NDArray flat = ClippedRatio.clipFlat(ratio, advantages, settings);
        NDArray dropped = null;
        if (settings.ratioCap() > 0) {
            dropped = weight.gt((float) settings.ratioCap());
            weight = weight.mul(dropped.logicalNot().toType(DataType.FLOAT32, false));
            flat = flat.logicalOr(dropped);
        }
        return new TokenSurrogate(clippedObjective.mul(weight), flat, dropped);
    }
}
