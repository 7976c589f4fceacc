package dev.grpo.policy;

/**
 * The weights of a {@link PolicyModel} that may be replaced in place between two decode steps of a sampling call
 * (in-flight weight updates, partial rollouts). A sampler runs each forward pass inside a {@link Step}: the
 * weights do not change while a step is open, and the step says which version they are, so every token records
 * the version that drew it and the sampler knows when its cached keys and values were computed by older weights.
 */
public interface LiveWeights {

    /** Weights that never change: every step reports version 0. */
    LiveWeights FIXED = () -> () -> 0L;

    /**
     * Opens one decode step; the weights stay as they are until it is closed.
     *
     * @return the open step
     */
    Step begin();

    /** One forward pass's hold on the weights in place. */
    interface Step extends AutoCloseable {

        /** @return the version of the weights in place for this step */
        long version();

        /** Lets the weights change again. */
        @Override
        default void close() {
        }

        /**
         * @param version the version of the weights held
         * @param release what closing the step does (releases the hold)
         * @return a step that reports {@code version} and runs {@code release} when closed
         */
        static Step of(long version, Runnable release) {
            return new Step() {
                @Override
                public long version() {
                    return version;
                }

                @Override
                public void close() {
                    release.run();
                }
            };
        }
    }
}
