package dev.grpo.producers.internal.kafka;

/** The Kafka cluster did not answer within the bounded retries at start-up. */
public final class ClusterUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param bootstrapServers where the cluster was looked for
     * @param attempts how many times it was tried
     * @param cause the last failure
     */
    public ClusterUnreachableException(String bootstrapServers, int attempts, Throwable cause) {
        super("no Kafka cluster answered at " + bootstrapServers + " after " + attempts + " attempts ("
                + (cause == null ? "timed out" : cause.getMessage()) + "); is the broker running and reachable?",
                cause);
    }
}
