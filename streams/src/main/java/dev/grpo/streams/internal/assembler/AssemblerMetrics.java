package dev.grpo.streams.internal.assembler;

import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The assembler's counters, registered as Kafka Streams metrics in the group
 * {@code stream-grpo-assembler-metrics} with names {@code <counter>-total} and {@code <counter>-rate}
 * (one set per task): groups assembled, groups dropped as uniform (DAPO dynamic sampling), groups
 * expired incomplete, dead letters written, and scores ignored because their component is not configured.
 */
final class AssemblerMetrics {

    /** The metric scope, which Kafka Streams turns into the group {@code stream-grpo-assembler-metrics}. */
    static final String SCOPE = "grpo-assembler";

    private final StreamsMetrics metrics;
    private final Sensor assembled;
    private final Sensor droppedUniform;
    private final Sensor expired;
    private final Sensor deadLetters;
    private final Sensor ignoredScores;

    AssemblerMetrics(StreamsMetrics metrics, String taskId) {
        this.metrics = metrics;
        this.assembled = sensor(taskId, "groups-assembled");
        this.droppedUniform = sensor(taskId, "groups-dropped-uniform");
        this.expired = sensor(taskId, "groups-expired");
        this.deadLetters = sensor(taskId, "dead-letters");
        this.ignoredScores = sensor(taskId, "scores-ignored");
    }

    private Sensor sensor(String taskId, String counter) {
        return metrics.addRateTotalSensor(SCOPE, taskId, counter, Sensor.RecordingLevel.INFO);
    }

    void groupAssembled() {
        assembled.record();
    }

    void groupDroppedUniform() {
        droppedUniform.record();
    }

    void groupExpired() {
        expired.record();
    }

    void deadLetter() {
        deadLetters.record();
    }

    void scoreIgnored() {
        ignoredScores.record();
    }

    /** Unregisters the sensors when the task closes. */
    void close() {
        for (Sensor sensor : List.of(assembled, droppedUniform, expired, deadLetters, ignoredScores)) {
            metrics.removeSensor(sensor);
        }
    }
}
