package dev.grpo.tests.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.records.Rollout;
import dev.grpo.schemas.RecordDecodingException;
import dev.grpo.schemas.RecordDecodingException.Kind;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Corrupt, truncated and unknown-fingerprint values on a real topic surface as typed errors that say
 * where the bad record is, both through Kafka's consumer and through {@link RecordSerde#decode}.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordSerdeBadInputTest {

    private static final int PARTITION = 2;
    private static final long VALID_AT = 0;
    private static final long CORRUPT_AT = 1;
    private static final long VALID_AGAIN_AT = 2;
    private static final long TRUNCATED_AT = 3;
    private static final long UNKNOWN_FINGERPRINT_AT = 4;

    private final RecordSerde<Rollout> serde = RecordSerdes.rollout();
    private final byte[] valid = serde.encode(SampleRecords.rollout());
    private final byte[] corrupt = "{\"group_id\": \"g-7\"}".getBytes();
    private final byte[] truncated = Arrays.copyOf(valid, valid.length / 2);
    private final byte[] unknownFingerprint = withFingerprint(valid, 0x0123_4567_89AB_CDEFL);
    private String topic;

    @BeforeAll
    void publishGoodAndBadValues(KafkaCluster kafka) throws Exception {
        topic = kafka.createTopic("bad-rollouts", 3);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(kafka.producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : List.of(valid, corrupt, valid, truncated, unknownFingerprint)) {
                producer.send(new ProducerRecord<>(topic, PARTITION, null, value)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theConsumerStopsAtEachBadRecordWithItsPartitionOffsetAndKind(KafkaCluster kafka) {
        List<Long> decoded = new ArrayList<>();
        Map<Long, RecordDecodingException> failures = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], Rollout> consumer =
                new KafkaConsumer<>(kafka.consumerConfig(), new ByteArrayDeserializer(), serde.deserializer())) {
            TopicPartition partition = new TopicPartition(topic, PARTITION);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + KafkaCluster.PATIENCE.toNanos();
            while (decoded.size() + failures.size() < 5 && System.nanoTime() < deadline) {
                try {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                        assertThat(r.value()).isEqualTo(SampleRecords.rollout());
                        decoded.add(r.offset());
                    });
                } catch (RecordDeserializationException e) {
                    assertThat(e.topicPartition()).isEqualTo(partition);
                    assertThat(e.origin()).isEqualTo(RecordDeserializationException.DeserializationExceptionOrigin.VALUE);
                    assertThat(e.getCause()).isInstanceOf(RecordDecodingException.class);
                    failures.put(e.offset(), (RecordDecodingException) e.getCause());
                    consumer.seek(partition, e.offset() + 1);
                }
            }
        }

        assertThat(decoded).containsExactly(VALID_AT, VALID_AGAIN_AT);
        assertThat(failures).containsOnlyKeys(CORRUPT_AT, TRUNCATED_AT, UNKNOWN_FINGERPRINT_AT);
        assertThat(failures.get(CORRUPT_AT).kind()).isEqualTo(Kind.CORRUPT);
        assertThat(failures.get(TRUNCATED_AT).kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(failures.get(UNKNOWN_FINGERPRINT_AT).kind()).isEqualTo(Kind.UNKNOWN_FINGERPRINT);
        assertThat(failures.values()).allSatisfy(f -> assertThat(f.topic()).isEqualTo(topic));
    }

    @Test
    void theConsumerKeepsTheBadBytesForADeadLetter(KafkaCluster kafka) {
        try (KafkaConsumer<byte[], Rollout> consumer =
                new KafkaConsumer<>(kafka.consumerConfig(), new ByteArrayDeserializer(), serde.deserializer())) {
            TopicPartition partition = new TopicPartition(topic, PARTITION);
            consumer.assign(List.of(partition));
            consumer.seek(partition, TRUNCATED_AT);

            assertThatThrownBy(() -> pollUntilFailure(consumer))
                    .isInstanceOfSatisfying(RecordDeserializationException.class, e -> {
                        assertThat(e.offset()).isEqualTo(TRUNCATED_AT);
                        assertThat(bytes(e.valueBuffer())).isEqualTo(truncated);
                    });
        }
    }

    @Test
    void decodingConsumedBytesNamesTopicPartitionAndOffset(KafkaCluster kafka) {
        List<ConsumerRecord<byte[], byte[]>> records =
                kafka.read(topic, 5, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Map.of());
        assertThat(records).hasSize(5);

        assertThat(serde.decode(records.get((int) VALID_AT))).isEqualTo(SampleRecords.rollout());
        assertThat(serde.decode(records.get((int) VALID_AGAIN_AT))).isEqualTo(SampleRecords.rollout());
        assertDecodingFails(records.get((int) CORRUPT_AT), Kind.CORRUPT);
        assertDecodingFails(records.get((int) TRUNCATED_AT), Kind.TRUNCATED);
        assertDecodingFails(records.get((int) UNKNOWN_FINGERPRINT_AT), Kind.UNKNOWN_FINGERPRINT);
    }

    private void assertDecodingFails(ConsumerRecord<byte[], byte[]> record, Kind kind) {
        assertThatThrownBy(() -> serde.decode(record))
                .isInstanceOfSatisfying(RecordDecodingException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.topic()).isEqualTo(topic);
                    assertThat(e.partition()).isEqualTo(PARTITION);
                    assertThat(e.offset()).isEqualTo(record.offset());
                    assertThat(e.getMessage()).startsWith(kind + " record in " + topic + " partition " + PARTITION
                            + " offset " + record.offset());
                });
    }

    private static void pollUntilFailure(KafkaConsumer<byte[], Rollout> consumer) {
        long deadline = System.nanoTime() + KafkaCluster.PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200));
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** The same encoded record with another schema fingerprint in its single-object header. */
    private static byte[] withFingerprint(byte[] encoded, long fingerprint) {
        byte[] copy = encoded.clone();
        ByteBuffer.wrap(copy, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint);
        return copy;
    }
}
