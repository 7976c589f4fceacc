package dev.grpo.tests.producers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.producers.Generator;
import dev.grpo.producers.GeneratorConfig;
import dev.grpo.producers.PromptOrigin;
import dev.grpo.producers.internal.prompts.KafkaPromptSource;
import dev.grpo.producers.internal.prompts.PromptSource;
import dev.grpo.records.Prompt;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stalled downstream (here: admission control, with no learner ever announcing a version) stops prompt reading:
 * the generator holds a bounded number of prompts however many wait in the topic, and its heap does not grow.
 */
@ExtendWith(KafkaClusterExtension.class)
class BackPressureTest {

    private static final int PROMPTS = 5_000;
    private static final int CONCURRENCY = 2;

    @TempDir
    Path checkpoints;

    @Test
    void aStalledPipelineReadsABoundedNumberOfPrompts(KafkaCluster kafka) throws Exception {
        TinyCheckpoints.write(checkpoints, 0);
        GeneratorSetup setup = new GeneratorSetup(kafka, checkpoints);
        publishPrompts(kafka, setup.topics.prompts());
        GeneratorConfig config = setup.config("stalled", new PromptOrigin.PromptTopic(), 2, 1, 0, CONCURRENCY);
        AtomicLong taken = new AtomicLong();
        PromptSource topic = new KafkaPromptSource(KafkaClusterConfig.of(kafka.bootstrapServers()), setup.topics.prompts(), "stalled",
                new SimpleMeterRegistry());
        PromptSource counted = () -> topic.prompts().doOnNext(prompt -> taken.incrementAndGet());

        long takenEarly;
        long takenLate;
        long heapEarly;
        long heapLate;
        try (Generator generator = Generator.start(config, counted, new SimpleMeterRegistry())) {
            HotSwapTest.await(() -> generator.metrics().groups() == 1, "the one group version 0 admits");
            HotSwapTest.await(() -> generator.metrics().pausedTotal().toMillis() > 1_000, "a second of stall");
            takenEarly = taken.get();
            heapEarly = usedHeapAfterGc();
            HotSwapTest.await(() -> generator.metrics().pausedTotal().toMillis() > 4_000, "four seconds of stall");
            takenLate = taken.get();
            heapLate = usedHeapAfterGc();
        }
        long fetched = committed(kafka, setup.topics.prompts());
        System.err.printf("BACK-PRESSURE prompts in topic %d, fetched by the consumer %d, taken by the "
                            + "pipeline %d then %d, used heap after GC %d KiB then %d KiB%n", PROMPTS, fetched,
                takenEarly, takenLate, heapEarly / 1024, heapLate / 1024);

        assertThat(takenLate).isEqualTo(takenEarly).isLessThanOrEqualTo(CONCURRENCY + 1);
        assertThat(fetched).as("prompts fetched from the topic").isPositive().isLessThan(100);
        assertThat(heapLate - heapEarly).isLessThan(16L * 1024 * 1024);
    }

    private static void publishPrompts(KafkaCluster kafka, String topic) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producerConfig(),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < PROMPTS; i++) {
                Prompt prompt = Prompt.newBuilder().setPromptId("p" + i).setText(i + "+1=")
                        .setGroundTruth(Integer.toString(i + 1)).setLanguage("en").setTask("arithmetic")
                        .setCreatedAt(Instant.now()).build();
                producer.send(new ProducerRecord<>(topic, prompt.getPromptId(), RecordSerdes.prompt().encode(prompt)));
            }
            producer.flush();
        }
    }

    /** Prompts the generators' consumer group fetched (positions committed when it closed), over all partitions. */
    private static long committed(KafkaCluster kafka, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = kafka.admin()
                .listConsumerGroupOffsets(KafkaPromptSource.CONSUMER_GROUP).partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
