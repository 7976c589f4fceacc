package dev.grpo.producers.internal.weights;

import dev.grpo.records.PolicyVersion;

/** A published version whose weights could not be swapped in; the previous weights stay in place. */
public final class WeightSwapException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long version;

    /**
     * @param published the version that was announced
     * @param detail why it could not be used
     * @param cause the underlying failure, or null
     */
    public WeightSwapException(PolicyVersion published, String detail, Throwable cause) {
        super("cannot swap in version " + published.getVersion() + " of learner " + published.getLearnerId()
                + " from " + published.getCheckpointUri() + ": " + detail, cause);
        this.version = published.getVersion();
    }

    /** @return the version that could not be used */
    public long version() {
        return version;
    }
}
