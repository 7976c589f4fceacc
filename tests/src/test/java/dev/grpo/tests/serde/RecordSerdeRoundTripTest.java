package dev.grpo.tests.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.records.PolicyVersion;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every record type survives a trip through a real broker with the pipeline's serde on both ends. */
@ExtendWith(KafkaClusterExtension.class)
class RecordSerdeRoundTripTest {

    static Stream<Arguments> everyRecordType() {
        return Stream.of(
                Arguments.of(named(RecordSerdes.prompt()), SampleRecords.prompt()),
                Arguments.of(named(RecordSerdes.rollout()), SampleRecords.rollout()),
                Arguments.of(named(RecordSerdes.rewardScore()), SampleRecords.rewardScore()),
                Arguments.of(named(RecordSerdes.advantageSample()), SampleRecords.advantageSample()),
                Arguments.of(named(RecordSerdes.policyVersion()), SampleRecords.policyVersion()),
                Arguments.of(named(RecordSerdes.deadLetter()), SampleRecords.deadLetter()));
    }

    private static Named<RecordSerde<?>> named(RecordSerde<?> serde) {
        return Named.of(serde.schema().getName(), serde);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecordType")
    <T extends SpecificRecord> void recordComesBackEqualThroughTheBroker(RecordSerde<T> serde, T record, KafkaCluster kafka)
            throws Exception {
        String topic = kafka.createTopic(record.getSchema().getName(), 3);
        produce(kafka, serde, topic, record);

        List<ConsumerRecord<String, T>> consumed =
                kafka.read(topic, 1, new StringDeserializer(), serde.deserializer(), Map.of());

        assertThat(consumed).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(SampleRecords.GROUP);
            assertThat(r.value()).isEqualTo(record);
        });
    }

    @Test
    void aTombstoneStaysNull(KafkaCluster kafka) throws Exception {
        RecordSerde<PolicyVersion> serde = RecordSerdes.policyVersion();
        String topic = kafka.createTopic("tombstones", 1);
        produce(kafka, serde, topic, null);

        List<ConsumerRecord<String, PolicyVersion>> consumed =
                kafka.read(topic, 1, new StringDeserializer(), serde.deserializer(), Map.of());

        assertThat(consumed).singleElement().satisfies(r -> assertThat(r.value()).isNull());
    }

    private static <T extends SpecificRecord> void produce(KafkaCluster kafka, RecordSerde<T> serde, String topic, T record)
            throws Exception {
        try (KafkaProducer<String, T> producer =
                new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(topic, SampleRecords.GROUP, record)).get(30, TimeUnit.SECONDS);
        }
    }
}
