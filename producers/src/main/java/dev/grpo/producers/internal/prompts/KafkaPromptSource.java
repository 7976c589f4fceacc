package dev.grpo.producers.internal.prompts;

import dev.grpo.producers.internal.kafka.KafkaRecordFlux;
import dev.grpo.records.Prompt;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordDecodingException;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Prompts from the prompts topic. All generators share one consumer group ({@value #CONSUMER_GROUP}), so each
 * prompt goes to one of them; partitions are paused while the pipeline wants no more prompts. A record that does
 * not decode is logged with its coordinates, skipped and counted.
 *
 * <p>Each generator is a static member of the group, {@code group.instance.id = <generator-id>-prompts}, so a
 * generator restarted under its id (after a crash or a SIGKILL) gets its partitions back as soon as it joins; a
 * dynamic member would get none until the dead one's session had timed out (45 s). In exchange, two live generators
 * with one id fence each other: the older one's prompts fail with a {@link DuplicateGeneratorIdException}. A
 * generator gone for good keeps its partitions until its session times out, as before, unless it stopped cleanly:
 * a cancelled prompt stream leaves the group, so the other generators take its partitions at once.
 */
public final class KafkaPromptSource implements PromptSource {

    /** The consumer group of every generator reading the prompts topic. */
    public static final String CONSUMER_GROUP = "grpo-generators";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPromptSource.class);
    private static final RecordSerde<Prompt> SERDE = RecordSerdes.prompt();

    /** How long {@link #close} waits for the consumer to commit and leave the group. */
    private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(35);

    private final KafkaClusterConfig cluster;
    private final String generatorId;
    private final Counter malformed;
    private final KafkaRecordFlux<String, byte[]> records;

    /**
     * @param cluster the cluster; the consumer group and static member are in its namespace
     * @param topic the prompts topic
     * @param generatorId the generator's id, unique among the generators running: names the consumer and its static
     *                    membership in the group
     * @param registry where the counter of undecodable records is registered
     */
    public KafkaPromptSource(KafkaClusterConfig cluster, String topic, String generatorId, MeterRegistry registry) {
        this.cluster = cluster;
        this.generatorId = generatorId;
        this.malformed = Counter.builder(MALFORMED_METER).tag("topic", topic).register(registry);
        this.records = new KafkaRecordFlux<>(this::consumer, List.of(topic), Duration.ofMillis(500));
    }

    /**
     * @param generatorId a generator's id
     * @return its prompt consumer's {@code group.instance.id} (and {@code client.id})
     */
    public static String instanceId(String generatorId) {
        return generatorId + "-prompts";
    }

    @Override
    public Flux<Prompt> prompts() {
        return records.records()
                .onErrorMap(FencedInstanceIdException.class, fenced -> new DuplicateGeneratorIdException(generatorId,
                        cluster.group(instanceId(generatorId)), cluster.group(CONSUMER_GROUP), fenced))
                .handle((record, sink) -> {
                    Prompt prompt = decode(record);
                    if (prompt != null) {
                        sink.next(prompt);
                    }
                });
    }

    private Prompt decode(ConsumerRecord<String, byte[]> record) {
        try {
            return SERDE.decode(record);
        } catch (RecordDecodingException e) {
            malformed.increment();
            LOG.warn("skipping a prompt record: {}", e.getMessage());
            return null;
        }
    }

    /** Waits until the consumer has left the group after its stream was cancelled, so a clean exit hands over. */
    @Override
    public void close() {
        try {
            if (!records.awaitClosed(CLOSE_PATIENCE)) {
                LOG.warn("the prompt consumer of generator {} did not close within {}; its partitions move on when "
                        + "its session times out", generatorId, CLOSE_PATIENCE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, cluster.group(CONSUMER_GROUP));
        // static: a restart under the same id takes the dead member's place instead of waiting out its session
        config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, cluster.group(instanceId(generatorId)));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 32);
        return new KafkaConsumer<>(cluster.client(generatorId, "prompts", config), new StringDeserializer(),
                new ByteArrayDeserializer());
    }
}
