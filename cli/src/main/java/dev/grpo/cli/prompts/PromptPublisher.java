package dev.grpo.cli.prompts;

import dev.grpo.records.Prompt;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends prompts to a prompts topic as the generators read them: Avro {@code Prompt} records keyed by prompt id, with
 * an idempotent producer ({@code acks=all}), so a retried send never writes a prompt twice. The first failed send
 * fails the load at the next {@link #flush()}.
 */
final class PromptPublisher implements AutoCloseable {

    private static final RecordSerde<Prompt> SERDE = RecordSerdes.prompt();

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /**
     * @param cluster the cluster
     * @param topic the prompts topic (its full name)
     * @param timeout how long a send may wait for the cluster
     */
    PromptPublisher(KafkaClusterConfig cluster, String topic, Duration timeout) {
        this.topic = topic;
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.producer = new KafkaProducer<>(cluster.client("grpo-prompts", "load", Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, millis)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends one prompt, keyed by its id; throws the first earlier send's failure. */
    void send(Prompt prompt) {
        throwFailure();
        producer.send(new ProducerRecord<>(topic, prompt.getPromptId(), SERDE.encode(prompt)), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    /** Waits until every prompt sent is acknowledged, and throws the first failure if one was not. */
    void flush() {
        producer.flush();
        throwFailure();
    }

    private void throwFailure() {
        Exception error = failure.get();
        if (error != null) {
            throw new IllegalStateException("sending prompts to " + topic + " failed: " + error.getMessage(), error);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
