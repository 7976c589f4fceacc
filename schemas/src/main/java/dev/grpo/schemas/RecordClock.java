package dev.grpo.schemas;

/**
 * Whose clock stamps a topic's records: the writer's ({@code CreateTime}, Kafka's default) or the broker's at append
 * ({@code LogAppendTime}, non-decreasing in offset order and the same for every reader).
 */
public enum RecordClock {
    WRITER("CreateTime"),
    BROKER("LogAppendTime");

    private final String configValue;

    RecordClock(String configValue) {
        this.configValue = configValue;
    }

    /** The value of the topic's {@code message.timestamp.type} config. */
    public String configValue() {
        return configValue;
    }
}
