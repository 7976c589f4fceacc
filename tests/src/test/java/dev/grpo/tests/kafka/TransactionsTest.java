package dev.grpo.tests.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Transactions work on the test broker: the exactly-once stages (streams, learner) depend on it. */
@ExtendWith(KafkaClusterExtension.class)
class TransactionsTest {

    @Test
    void readCommittedSeesCommittedTransactionsAndNeverAbortedOnes(KafkaCluster kafka) {
        String topic = kafka.createTopic("transactions", 1);
        Map<String, Object> config = kafka.producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka.uniqueName("tx"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "g-1", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "g-1", "committed"));
            producer.commitTransaction();
        }

        List<String> committed = values(kafka.read(topic, 1, new StringDeserializer(), new StringDeserializer(),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")));
        List<String> everything = values(kafka.read(topic, 2, new StringDeserializer(), new StringDeserializer(),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted")));

        assertThat(committed).containsExactly("committed");
        assertThat(everything).containsExactly("aborted", "committed");
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
