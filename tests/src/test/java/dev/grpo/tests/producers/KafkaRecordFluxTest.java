package dev.grpo.tests.producers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.producers.internal.kafka.KafkaRecordFlux;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** The consumer bridge emits exactly what is requested, and nothing while there is no demand. */
@ExtendWith(KafkaClusterExtension.class)
class KafkaRecordFluxTest {

    @Test
    void emitsOnlyWhatDownstreamRequested(KafkaCluster kafka) throws Exception {
        String topic = kafka.createTopic("flux", 1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig(),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i));
            }
            producer.flush();
        }
        Map<String, Object> config = kafka.consumerConfig();
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
        KafkaRecordFlux<String, String> flux = new KafkaRecordFlux<>(
                () -> new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer()), List.of(topic),
                Duration.ofMillis(100));

        StepVerifier.create(flux.records().map(ConsumerRecord::value), 3)
                .expectNext("v0", "v1", "v2")
                .expectNoEvent(Duration.ofMillis(500))
                .thenRequest(12)
                .expectNextCount(11)
                .assertNext(value -> assertThat(value).isEqualTo("v14"))
                .expectNoEvent(Duration.ofMillis(500))
                .thenCancel()
                .verify(Duration.ofSeconds(60));
    }
}
