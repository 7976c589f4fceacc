package dev.grpo.tests.kafka;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which Kafka the integration tests run against, chosen with {@code -Dkafka.test.backend}:
 * an embedded KRaft broker (the default) or a Testcontainers {@code apache/kafka} container.
 */
enum KafkaBackend {
    EMBEDDED,
    TESTCONTAINERS;

    static final String PROPERTY = "kafka.test.backend";

    /** The backend the system property names; unset or blank means embedded. */
    static KafkaBackend selected() {
        String value = System.getProperty(PROPERTY, "").strip();
        if (value.isEmpty()) {
            return EMBEDDED;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " is not one of "
                    + Arrays.stream(values()).map(b -> b.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")), e);
        }
    }
}
