package dev.grpo.learner;

import dev.grpo.learner.internal.batch.GroupAssembly;
import dev.grpo.learner.internal.batch.ReceivedSample;
import dev.grpo.learner.internal.batch.RejectedMember;
import dev.grpo.learner.internal.batch.SampleProblem;
import dev.grpo.learner.internal.batch.SampleRejection;
import dev.grpo.learner.internal.batch.SampleValidator;
import dev.grpo.learner.internal.kafka.ConsumedOffsets;
import dev.grpo.learner.internal.kafka.LearnerOutputs;
import dev.grpo.records.AdvantageSample;
import dev.grpo.schemas.DeadLetterReason;
import dev.grpo.schemas.RecordDecodingException;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.Optional;

/**
 * Takes each record read from the advantages topic: skips what a checkpoint already counts as done, dead-letters what
 * cannot be decoded or validated (with the reason), and hands valid samples to the {@link GroupAssembly}.
 */
final class SampleIntake {

    private final RecordSerde<AdvantageSample> serde = RecordSerdes.advantageSample();
    private final SampleValidator validator;
    private final GroupAssembly assembly;
    private final ConsumedOffsets offsets;
    private final LearnerOutputs outputs;
    private final LearnerMetrics metrics;
    private long deadLettered;

    /**
     * @param validator checks samples
     * @param assembly collects groups
     * @param offsets tracks what is done
     * @param outputs writes dead letters
     * @param metrics counts them
     */
    public SampleIntake(SampleValidator validator, GroupAssembly assembly, ConsumedOffsets offsets,
                        LearnerOutputs outputs, LearnerMetrics metrics) {
        this.validator = validator;
        this.assembly = assembly;
        this.offsets = offsets;
        this.outputs = outputs;
        this.metrics = metrics;
    }

    /** @param record a record of the advantages topic */
    public void accept(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (offsets.isDone(partition, record.offset())) {
            return;
        }
        offsets.received(partition, record.offset());
        AdvantageSample sample;
        try {
            sample = record.value() == null ? null : serde.decode(record);
        } catch (RecordDecodingException e) {
            reject(record, DeadLetterReason.undecodable(e.kind()), e.getMessage());
            return;
        }
        if (sample == null) {
            reject(record, SampleProblem.UNDECODABLE.deadLetterReason(), "the record has no value (a tombstone)");
            return;
        }
        Optional<SampleRejection> problem = validator.check(sample);
        if (problem.isPresent()) {
            if (problem.get().problem() == SampleProblem.BAD_GROUP_POSITION) {
                reject(record, problem.get());
            } else {
                RejectedMember member = RejectedMember.of(sample);
                reject(record, problem.get().problem().deadLetterReason(), problem.get().reason(), Optional.of(member));
                assembly.reject(member);
            }
            return;
        }
        assembly.add(new ReceivedSample(sample, partition, record.offset(), record.key(), record.value()))
                .ifPresent(duplicate -> reject(record, duplicate));
    }

    private void reject(ConsumerRecord<byte[], byte[]> record, SampleRejection rejection) {
        reject(record, rejection.problem().deadLetterReason(), rejection.reason());
    }

    private void reject(ConsumerRecord<byte[], byte[]> record, DeadLetterReason errorType, String reason) {
        reject(record, errorType, reason, Optional.empty());
    }

    /** A rejected record that is a member of a group carries it, so a resumed learner counts it for its group. */
    private void reject(ConsumerRecord<byte[], byte[]> record, DeadLetterReason errorType, String reason,
                        Optional<RejectedMember> member) {
        outputs.deadLetter(record, errorType, reason, member);
        offsets.handled(new TopicPartition(record.topic(), record.partition()), record.offset());
        metrics.deadLettered(errorType);
        deadLettered++;
    }

    /** @return records dead-lettered by this intake */
    public long deadLettered() {
        return deadLettered;
    }
}
