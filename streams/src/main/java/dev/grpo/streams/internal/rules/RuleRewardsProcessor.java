package dev.grpo.streams.internal.rules;

import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.DeadLetterReason;
import dev.grpo.schemas.RecordLayout;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.internal.topology.SourceValue;
import dev.grpo.streams.spi.DeadLetters;
import dev.grpo.streams.spi.SinkLimit;
import dev.grpo.streams.spi.SourceRecord;
import dev.grpo.streams.spi.StreamTopics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Scores each rollout with every in-process reward function and forwards one {@link RewardScore}
 * per function, keyed like the rollout; a rollout that cannot be decoded or scored (by any
 * function), or whose scores would be too large for their topic, goes to the dead-letter sink
 * instead, with none of its scores, so the assembler reports its group as incomplete rather than
 * averaging a partial reward.
 */
final class RuleRewardsProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private final RolloutScoring scoring;
    private final StreamTopics topics;
    private final RecordSerde<Rollout> rollouts = RecordSerdes.rollout();
    private ProcessorContext<byte[], byte[]> context;
    private DeadLetters deadLetters;
    private SinkLimit scoreSink;

    RuleRewardsProcessor(RolloutScoring scoring, StreamTopics topics) {
        this.scoring = scoring;
        this.topics = topics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.deadLetters = new DeadLetters(context.applicationId(),
                SinkLimit.of(context.appConfigs(), topics.spec(topics.deadLetters())));
        this.scoreSink = SinkLimit.of(context.appConfigs(), topics.spec(topics.ruleRewards()));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        SourceRecord source = SourceRecord.of(context, record);
        SourceValue<RecordLayout> read = SourceValue.read(source, "a rollout record without a value",
                bytes -> rollouts.layout(source.topic(), source.partition(), source.offset(), bytes));
        if (!read.readable()) {
            deadLetter(source, read.errorType(), read.reason());
            return;
        }
        RecordLayout rollout = read.value();
        byte[] key = record.key() != null ? record.key() : rollout.stringField("group_id").getBytes(StandardCharsets.UTF_8);
        RolloutScoring.Outcome outcome = scoring.score(rollout, context.currentSystemTimeMs(), key, scoreSink);
        if (outcome instanceof RolloutScoring.Unscorable unscorable) {
            deadLetter(source, unscorable.errorType(), unscorable.reason());
            return;
        }
        for (byte[] bytes : ((RolloutScoring.Scored) outcome).encoded()) {
            context.forward(new Record<>(key, bytes, record.timestamp()), RuleRewardsTopology.REWARDS_SINK);
        }
    }

    private void deadLetter(SourceRecord source, DeadLetterReason errorType, String reason) {
        context.forward(deadLetters.of(source, errorType, reason, context.currentSystemTimeMs()),
                RuleRewardsTopology.DEAD_LETTER_SINK);
    }
}
