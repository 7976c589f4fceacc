package dev.grpo.learner.internal.kafka;

import dev.grpo.learner.internal.batch.ReceivedSample;
import dev.grpo.learner.internal.batch.RejectedMember;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.PolicyVersion;
import dev.grpo.schemas.DeadLetterEncoding;
import dev.grpo.schemas.DeadLetterReason;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Everything the learner writes to Kafka through one idempotent producer: stale samples to the stale topic (their
 * original key and bytes), rejected records to the dead-letter topic, and new versions to the policy-versions topic.
 * Forwards carry {@link ForwardHeaders}. Every send is checked: {@link #flush()} returns only when everything sent so
 * far is in the log, re-sending a dead letter too large for the topic with a bounded prefix of its bytes and
 * dead-lettering a stale sample the stale topic refuses; any other failure is thrown, before a checkpoint can count
 * the record as done.
 */
public final class LearnerOutputs {

    private static final Logger LOG = LoggerFactory.getLogger(LearnerOutputs.class);
    /** Room for a record's headers and batch overhead next to the encoded dead letter and its bounded key. */
    private static final int RECORD_OVERHEAD = 16 * 1024;

    private final Producer<byte[], byte[]> producer;
    private final Topics topics;
    private final String learnerId;
    private final DeadLetterEncoding whole;
    private final DeadLetterEncoding bounded = new DeadLetterEncoding();
    private final RecordSerde<PolicyVersion> versions = RecordSerdes.policyVersion();
    private final Queue<FailedSend> failures = new ConcurrentLinkedQueue<>();

    /**
     * @param producer the producer; the caller closes it
     * @param topics where to write
     * @param learnerId the stage name in dead letters and the key of versions
     * @param maxRequestBytes the producer's {@code max.request.size}: a dead letter is first sent whole when it fits
     *     that; when the topic refuses it, again within {@link DeadLetterEncoding#DEFAULT_MAX_BYTES}, which any topic
     *     with Kafka's default limits accepts
     */
    public LearnerOutputs(Producer<byte[], byte[]> producer, Topics topics, String learnerId,
                          int maxRequestBytes) {
        this.producer = producer;
        this.topics = topics;
        this.learnerId = learnerId;
        this.whole = new DeadLetterEncoding(maxRequestBytes - DeadLetterEncoding.MAX_KEY_BYTES - RECORD_OVERHEAD);
    }

    /** @param sample a sample past the staleness bound, forwarded unchanged */
    public void stale(ReceivedSample sample) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topics.stale(), null, sample.key(),
                sample.value(), ForwardHeaders.of(learnerId, sample.partition(), sample.offset(),
                        Optional.of(RejectedMember.of(sample.sample()))));
        producer.send(record, onFailure(Optional.of(sample), Optional.empty()));
    }

    /**
     * @param sample a decoded sample that could not be trained on after all
     * @param errorType the kind of problem
     * @param reason what is wrong
     */
    public void deadLetter(ReceivedSample sample, DeadLetterReason errorType, String reason) {
        deadLetter(new ConsumerRecord<>(sample.partition().topic(), sample.partition().partition(), sample.offset(),
                sample.key(), sample.value()), errorType, reason, Optional.of(RejectedMember.of(sample.sample())));
    }

    /**
     * @param record the rejected record as read
     * @param errorType the kind of problem
     * @param reason what is wrong
     * @param member the group member it was, when its group counts it as rejected
     */
    public void deadLetter(ConsumerRecord<byte[], byte[]> record, DeadLetterReason errorType, String reason,
                           Optional<RejectedMember> member) {
        send(new Letter(record, errorType, reason, member, Instant.now()), true);
    }

    private void send(Letter letter, boolean first) {
        DeadLetterEncoding encoding = first ? whole : bounded;
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topics.deadLetters(), null,
                encoding.recordKey(letter.record.key()), encoding.encode(letter.toDeadLetter(learnerId)),
                ForwardHeaders.of(learnerId, new TopicPartition(letter.record.topic(), letter.record.partition()),
                        letter.record.offset(), letter.member));
        producer.send(record, onFailure(Optional.empty(), first ? Optional.of(letter) : Optional.empty()));
    }

    /**
     * Publishes a version and waits until the cluster has it.
     *
     * @param version the announcement
     */
    public void version(PolicyVersion version) {
        producer.send(new ProducerRecord<>(topics.policyVersions(), learnerId.getBytes(StandardCharsets.UTF_8),
                versions.encode(version)), onFailure(Optional.empty(), Optional.empty()));
        flush();
    }

    /** Notes a failed send, with what it takes to send it again in a form that fits, for {@link #flush()}. */
    private Callback onFailure(Optional<ReceivedSample> stale, Optional<Letter> wholeLetter) {
        return (metadata, error) -> {
            if (error != null) {
                failures.add(new FailedSend(error, stale, wholeLetter));
            }
        };
    }

    /**
     * Blocks until everything sent so far is in the log (before a checkpoint counts those records as done), after
     * re-sending what can be re-sent in a form that fits.
     *
     * @throws KafkaException when a record could not be written at all
     */
    public void flush() {
        producer.flush();
        while (!failures.isEmpty()) {
            List<FailedSend> failed = new ArrayList<>();
            for (FailedSend next; (next = failures.poll()) != null; ) {
                failed.add(next);
            }
            failed.forEach(this::recover);
            producer.flush();
        }
    }

    private void recover(FailedSend failed) {
        boolean tooLarge = failed.error instanceof RecordTooLargeException;
        if (tooLarge && failed.stale.isPresent()) {
            ReceivedSample sample = failed.stale.get();
            LOG.warn("stale sample {}-{}@{} is too large for {}; dead-lettering it instead", sample.partition().topic(),
                    sample.partition().partition(), sample.offset(), topics.stale());
            deadLetter(sample, DeadLetterReason.STALE_TOO_LARGE, "stale, and too large for " + topics.stale() + ": "
                    + failed.error.getMessage());
        } else if (tooLarge && failed.wholeLetter.isPresent()) {
            LOG.warn("dead letter of {}-{}@{} refused whole ({}); sending it with a bounded prefix of its bytes",
                    failed.wholeLetter.get().record.topic(), failed.wholeLetter.get().record.partition(),
                    failed.wholeLetter.get().record.offset(), failed.error.getMessage());
            send(failed.wholeLetter.get(), false);
        } else {
            throw new KafkaException("the learner could not write to Kafka: " + failed.error.getMessage(),
                    failed.error);
        }
    }

    /** A send that failed, with what is needed to send it again in a form that fits. */
    private record FailedSend(Exception error, Optional<ReceivedSample> stale, Optional<Letter> wholeLetter) {
    }

    /** A dead letter before encoding, so it can be encoded again with a smaller budget. */
    private record Letter(ConsumerRecord<byte[], byte[]> record, DeadLetterReason errorType, String reason,
                          Optional<RejectedMember> member, Instant failedAt) {

        DeadLetter toDeadLetter(String stage) {
            return DeadLetter.newBuilder()
                    .setSourceTopic(record.topic())
                    .setSourcePartition(record.partition())
                    .setSourceOffset(record.offset())
                    .setStage(stage)
                    .setReason(reason)
                    .setErrorType(errorType.wireName())
                    .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                    .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                    .setFailedAt(failedAt)
                    .build();
        }
    }
}
