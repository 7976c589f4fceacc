package dev.grpo.streams.internal.sft;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.SftExample;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.streams.spi.StreamTopics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The rejection-sampling filter's topology: {@code grpo.advantages} → keep samples with accuracy 1, format 1 and
 * enough language consistency → repartition by prompt id (a prompt's groups may sit on different partitions) →
 * at most k per prompt → {@code grpo.sft}, keyed by prompt id. Records that cannot be decoded go to
 * {@code grpo.dlq} with their original bytes.
 */
public final class RejectionSamplingTopology {

    /** Name of the store counting the examples kept per prompt. */
    public static final String KEPT_STORE = "sft-kept-per-prompt";
    /** Name of the repartition step (its topic is {@code <application id>-by-prompt-repartition}). */
    static final String BY_PROMPT = "by-prompt";

    private RejectionSamplingTopology() {
    }

    /** The topic SFT examples go to under {@code topics}' prefix. */
    public static String sftTopic(StreamTopics topics) {
        return topics.prefix() + TopicCatalogue.SFT.name();
    }

    /**
     * The internal topic the app with {@code applicationId} repartitions candidates through: a reader waiting for
     * the filter to finish a batch of input waits until the app has consumed this topic too.
     */
    public static String repartitionTopic(String applicationId) {
        return applicationId + "-" + BY_PROMPT + "-repartition";
    }

    /** The topology selecting as {@code selection} says on {@code topics}. */
    public static Topology build(Selection selection, StreamTopics topics) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KEPT_STORE),
                Serdes.String(), Serdes.Integer()));
        KStream<byte[], Screening> screened = builder
                .stream(topics.advantages(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("advantages"))
                .process(() -> new ScreeningProcessor(selection, topics), Named.as("screen"));
        screened.split(Named.as("screened-"))
                .branch((key, value) -> value instanceof Screening.Undecodable,
                        Branched.withConsumer(letters -> letters
                                .mapValues(value -> ((Screening.Undecodable) value).deadLetter(), Named.as("letter"))
                                .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                        .withName("dead-letters")), "dead-letters"))
                .defaultBranch(Branched.withConsumer(candidates -> capped(candidates, selection)
                        .to(sftTopic(topics), Produced.with(Serdes.String(), RecordSerdes.sftExample()).withName("sft")),
                        "candidates"));
        return builder.build();
    }

    private static KStream<String, SftExample> capped(KStream<byte[], Screening> candidates,
            Selection selection) {
        return candidates
                .map((key, value) -> {
                    AdvantageSample sample = ((Screening.Candidate) value).sample();
                    return KeyValue.pair(sample.getPromptId(), sample);
                }, Named.as("key-by-prompt"))
                .repartition(Repartitioned.with(Serdes.String(), RecordSerdes.advantageSample()).withName(BY_PROMPT))
                .process(() -> new PerPromptCap(selection), Named.as("cap"), KEPT_STORE);
    }
}
