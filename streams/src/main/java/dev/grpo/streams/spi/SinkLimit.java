package dev.grpo.streams.spi;

import dev.grpo.schemas.TopicSpec;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The largest record a stream app can write to one of its sink topics: the smaller of its producers'
 * {@code max.request.size} and the topic's {@code max.message.bytes}, less room for Kafka's batch and record headers.
 * Processors check what they forward against it, because under exactly-once a record the producer or the broker
 * refuses stops the whole app, and it would stop again on the same input after every restart.
 *
 * @param topic the sink topic
 * @param maxRecordBytes the most bytes of key plus value a record on it may have
 */
public record SinkLimit(String topic, int maxRecordBytes) {

    /** Kafka's record batch header (61 bytes) and one record's own header (at most 21 without headers), rounded up. */
    public static final int RECORD_OVERHEAD_BYTES = 128;

    /** Kafka's default {@code max.request.size}, for an app whose configuration leaves it out. */
    private static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    public SinkLimit {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("a record on " + topic + " needs room for at least one byte");
        }
    }

    /** The limit of {@code sink} for an app configured with {@code appConfigs} (as its processor context has them). */
    public static SinkLimit of(Map<String, Object> appConfigs, TopicSpec sink) {
        return new SinkLimit(sink.name(), Math.min(producerMaxRequestBytes(appConfigs), sink.maxMessageBytes())
                - RECORD_OVERHEAD_BYTES);
    }

    /** Whether a record of {@code key} and {@code value} fits. */
    public boolean admits(byte[] key, byte[] value) {
        return recordBytes(key, value) <= maxRecordBytes;
    }

    /** Why a record of {@code key} and {@code value}, described as {@code what}, cannot be written to this topic. */
    public String refusal(String what, byte[] key, byte[] value) {
        return what + " would be " + recordBytes(key, value) + " bytes with its key, above the " + maxRecordBytes
                + " bytes a record on " + topic + " may have (the smaller of the producers' max.request.size and the "
                + "topic's max.message.bytes, less record overhead)";
    }

    private static long recordBytes(byte[] key, byte[] value) {
        return (long) (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    }

    /** As Kafka Streams resolves it: a {@code producer.}-prefixed setting wins over the plain one. */
    private static int producerMaxRequestBytes(Map<String, Object> appConfigs) {
        Object value = appConfigs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (value == null) {
            value = appConfigs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        return value == null ? DEFAULT_MAX_REQUEST_BYTES : Integer.parseInt(value.toString().trim());
    }
}
