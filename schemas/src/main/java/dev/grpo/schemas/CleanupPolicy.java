package dev.grpo.schemas;

/** How Kafka reclaims a topic's space: by age/size ({@code delete}) or by keeping the latest record per key ({@code compact}). */
public enum CleanupPolicy {
    DELETE("delete"),
    COMPACT("compact");

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The value of the topic's {@code cleanup.policy} config. */
    public String configValue() {
        return configValue;
    }
}
