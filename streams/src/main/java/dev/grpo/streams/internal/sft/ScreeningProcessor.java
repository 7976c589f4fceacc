package dev.grpo.streams.internal.sft;

import dev.grpo.records.AdvantageSample;
import dev.grpo.schemas.DeadLetterReason;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.internal.topology.SourceValue;
import dev.grpo.streams.spi.DeadLetters;
import dev.grpo.streams.spi.SinkLimit;
import dev.grpo.streams.spi.SourceRecord;
import dev.grpo.streams.spi.StreamTopics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes each advantage sample and forwards it as a {@link Screening.Candidate} when it passes the reward
 * criteria; drops the ones that fail them; turns a record without a value or with undecodable bytes into a
 * {@link Screening.Undecodable} dead letter carrying the original bytes and coordinates. Keys pass through.
 */
final class ScreeningProcessor implements Processor<byte[], byte[], byte[], Screening> {

    private final Selection selection;
    private final StreamTopics topics;
    private final RecordSerde<AdvantageSample> samples = RecordSerdes.advantageSample();
    private ProcessorContext<byte[], Screening> context;
    private DeadLetters deadLetters;

    ScreeningProcessor(Selection selection, StreamTopics topics) {
        this.selection = selection;
        this.topics = topics;
    }

    @Override
    public void init(ProcessorContext<byte[], Screening> context) {
        this.context = context;
        this.deadLetters = new DeadLetters(context.applicationId(),
                SinkLimit.of(context.appConfigs(), topics.spec(topics.deadLetters())));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        SourceRecord source = SourceRecord.of(context, record);
        SourceValue<AdvantageSample> read = SourceValue.read(source, "an advantage sample record without a value",
                bytes -> samples.decode(source.topic(), source.partition(), source.offset(), bytes));
        if (!read.readable()) {
            deadLetter(source, read.errorType(), read.reason());
            return;
        }
        AdvantageSample sample = read.value();
        if (selection.admits(sample.getRewardComponents())) {
            context.forward(record.withValue(new Screening.Candidate(sample)));
        }
    }

    private void deadLetter(SourceRecord source, DeadLetterReason errorType, String reason) {
        Record<byte[], byte[]> letter = deadLetters.of(source, errorType, reason, context.currentSystemTimeMs());
        context.forward(new Record<>(letter.key(), new Screening.Undecodable(letter.value()), letter.timestamp()));
    }
}
