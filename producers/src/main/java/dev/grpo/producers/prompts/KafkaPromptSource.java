package dev.grpo.producers.prompts;

import dev.grpo.producers.kafka.KafkaRecordFlux;
import dev.grpo.records.Prompt;
import dev.grpo.schemas.serde.RecordDecodingException;
import dev.grpo.schemas.serde.RecordSerde;
import dev.grpo.schemas.serde.RecordSerdes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Prompts from the prompts topic. All generators share one consumer group ({@value #CONSUMER_GROUP}), so each
 * prompt goes to one of them; partitions are paused while the pipeline wants no more prompts. A record that does
 * not decode is logged with its coordinates, skipped and counted.
 */
public final class KafkaPromptSource implements PromptSource {

    /** The consumer group of every generator reading the prompts topic. */
    public static final String CONSUMER_GROUP = "grpo-generators";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPromptSource.class);
    private static final RecordSerde<Prompt> SERDE = RecordSerdes.prompt();

    private final String bootstrapServers;
    private final String topic;
    private final String clientId;
    private final Counter malformed;

    /**
     * @param bootstrapServers the cluster
     * @param topic the prompts topic
     * @param clientId names the consumer (the generator id)
     * @param registry where the counter of undecodable records is registered
     */
    public KafkaPromptSource(String bootstrapServers, String topic, String clientId, MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.clientId = clientId;
        this.malformed = Counter.builder(JsonlPromptSource.MALFORMED_METER).tag("topic", topic).register(registry);
    }

    @Override
    public Flux<Prompt> prompts() {
        return new KafkaRecordFlux<String, byte[]>(this::consumer, List.of(topic), Duration.ofMillis(500)).records()
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

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, CONSUMER_GROUP);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-prompts");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 32);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
