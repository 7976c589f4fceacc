package dev.grpo.cli;

/** The cluster named by {@code --bootstrap-servers} could not be reached; the message says why and what to try. */
public final class KafkaUnreachableException extends RuntimeException {

    public KafkaUnreachableException(String bootstrapServers, String reason) {
        super("cannot reach Kafka at " + bootstrapServers + ": " + reason
                + " (is a broker running there? 'grpo broker' starts a local one)");
    }
}
