package dev.grpo.workflow.demo;

/**
 * How many PyTorch intra-op threads the demo's learner and each of its generator's sampling threads use. PyTorch
 * (OpenMP) keeps the count per thread, so the stages of one JVM can split the cores; a thread that never sets it uses
 * every core, whatever the launcher's {@code -Dai.djl.pytorch.num_threads} (that sets only the thread that loads the
 * engine). 0 means a new thread's default: every core.
 *
 * @param learnerThreads threads of the learner's thread
 * @param generatorThreads threads of each sampling thread (a generator samples up to two groups at once)
 */
public record CoreSplit(int learnerThreads, int generatorThreads) {

    /** Every stage on every core: right when the stages take turns. */
    public static final CoreSplit EVERY_CORE = new CoreSplit(0, 0);

    /** One thread per stage thread: right when the stages overlap, so two of them do not fight over two cores. */
    public static final CoreSplit ONE_EACH = new CoreSplit(1, 1);

    /** Rejects a negative count, naming both. */
    public CoreSplit {
        if (learnerThreads < 0 || generatorThreads < 0) {
            throw new IllegalArgumentException("--learner-threads and --generator-threads must be >= 0, got "
                    + learnerThreads + " and " + generatorThreads);
        }
    }

    /**
     * The demo's split for a staleness bound: at η = 0 generation and learning strictly alternate (a generator waits
     * for the step that uses its groups), so each takes every core while it runs; above 0 they overlap, one thread each.
     */
    public static CoreSplit forStaleness(int maxStaleness) {
        return maxStaleness == 0 ? EVERY_CORE : ONE_EACH;
    }
}
