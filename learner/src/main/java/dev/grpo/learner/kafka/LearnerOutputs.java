package dev.grpo.learner.kafka;

import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.learner.batch.ReceivedSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.PolicyVersion;
import dev.grpo.schemas.serde.RecordSerde;
import dev.grpo.schemas.serde.RecordSerdes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Everything the learner writes to Kafka through one idempotent producer: stale samples to the stale topic (their
 * original key and bytes), rejected records to the dead-letter topic, and new versions to the policy-versions topic.
 */
public final class LearnerOutputs {

    private final Producer<byte[], byte[]> producer;
    private final LearnerTopics topics;
    private final String learnerId;
    private final RecordSerde<DeadLetter> deadLetters = RecordSerdes.deadLetter();
    private final RecordSerde<PolicyVersion> versions = RecordSerdes.policyVersion();

    /**
     * @param producer the producer; the caller closes it
     * @param topics where to write
     * @param learnerId the stage name in dead letters and the key of versions
     */
    public LearnerOutputs(Producer<byte[], byte[]> producer, LearnerTopics topics, String learnerId) {
        this.producer = producer;
        this.topics = topics;
        this.learnerId = learnerId;
    }

    /** @param sample a sample past the staleness bound, forwarded unchanged */
    public void stale(ReceivedSample sample) {
        producer.send(new ProducerRecord<>(topics.stale(), sample.key(), sample.value()));
    }

    /**
     * @param sample a decoded sample that could not be trained on after all
     * @param errorType the kind of problem
     * @param reason what is wrong
     */
    public void deadLetter(ReceivedSample sample, String errorType, String reason) {
        deadLetter(new ConsumerRecord<>(sample.partition().topic(), sample.partition().partition(), sample.offset(),
                sample.key(), sample.value()), errorType, reason);
    }

    /**
     * @param record the rejected record as read
     * @param errorType the kind of problem
     * @param reason what is wrong
     */
    public void deadLetter(ConsumerRecord<byte[], byte[]> record, String errorType, String reason) {
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setStage(learnerId)
                .setReason(reason)
                .setErrorType(errorType)
                .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setFailedAt(Instant.now())
                .build();
        producer.send(new ProducerRecord<>(topics.deadLetters(), record.key(), deadLetters.encode(letter)));
    }

    /**
     * Publishes a version and waits until the cluster has it.
     *
     * @param version the announcement
     */
    public void version(PolicyVersion version) {
        producer.send(new ProducerRecord<>(topics.policyVersions(), learnerId.getBytes(StandardCharsets.UTF_8),
                versions.encode(version)));
        producer.flush();
    }

    /** Blocks until everything sent so far is acknowledged (before a checkpoint counts those records as done). */
    public void flush() {
        producer.flush();
    }
}
