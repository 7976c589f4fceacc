package dev.grpo.policy;

/** Receives pretraining progress after every step (on the training thread; keep it quick). */
@FunctionalInterface
public interface PretrainListener {

    /** @param progress where training stands */
    void onStep(PretrainProgress progress);
}
