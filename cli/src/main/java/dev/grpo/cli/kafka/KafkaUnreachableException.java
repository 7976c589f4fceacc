package dev.grpo.cli.kafka;

/** The cluster named by {@code --bootstrap-servers} could not be reached; the message says why and what to try. */
public final class KafkaUnreachableException extends RuntimeException {

    /** What to try when nothing says the cluster is secured: start a broker there. */
    public static final String START_A_BROKER = "is a broker running there? 'grpo broker' starts a local one";

    /** An unreachable cluster, with the hint to start a broker. */
    public KafkaUnreachableException(String bootstrapServers, String reason) {
        this(bootstrapServers, reason, START_A_BROKER);
    }

    /**
     * An unreachable cluster, with what to try instead of starting a broker (e.g. checking the security settings of a
     * client properties file, when a secured listener gives a wrongly configured client no answer).
     */
    public KafkaUnreachableException(String bootstrapServers, String reason, String hint) {
        super("cannot reach Kafka at " + bootstrapServers + ": " + reason + " (" + hint + ")");
    }
}
