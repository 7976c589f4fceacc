package dev.grpo.streams.internal.sft;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.SftExample;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the first k candidates of each prompt, counting in a local store keyed by prompt id (the input is
 * repartitioned by prompt id, so every candidate of a prompt, from whichever group, is counted in one task), and
 * turns each kept one into an {@link SftExample}.
 */
final class PerPromptCap implements Processor<String, AdvantageSample, String, SftExample> {

    private final Selection selection;
    private ProcessorContext<String, SftExample> context;
    private KeyValueStore<String, Integer> kept;

    PerPromptCap(Selection selection) {
        this.selection = selection;
    }

    @Override
    public void init(ProcessorContext<String, SftExample> context) {
        this.context = context;
        this.kept = context.getStateStore(RejectionSamplingTopology.KEPT_STORE);
    }

    @Override
    public void process(Record<String, AdvantageSample> record) {
        String promptId = record.key();
        Integer before = kept.get(promptId);
        int count = before == null ? 0 : before;
        if (count >= selection.perPrompt()) {
            return;
        }
        kept.put(promptId, count + 1);
        context.forward(record.withValue(example(record.value(), count + 1)));
    }

    private SftExample example(AdvantageSample sample, int rank) {
        return SftExample.newBuilder()
                .setExampleId(sample.getRolloutId())
                .setPromptId(sample.getPromptId())
                .setPromptTokenIds(sample.getPromptTokenIds())
                .setCompletionTokenIds(sample.getCompletionTokenIds())
                .setRolloutId(sample.getRolloutId())
                .setGroupId(sample.getGroupId())
                .setPolicyVersion(sample.getPolicyVersion())
                .setReward(sample.getReward())
                .setRewardComponents(sample.getRewardComponents())
                .setRank(rank)
                .setSelection(selection.description())
                .setSelectedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
    }
}
