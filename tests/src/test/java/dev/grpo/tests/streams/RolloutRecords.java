package dev.grpo.tests.streams;

import dev.grpo.records.FinishReason;
import dev.grpo.records.Rollout;
import dev.grpo.records.SamplingParams;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Arithmetic rollouts in the R1-Zero format, and a producer that publishes them as a generator would. */
final class RolloutRecords implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final StreamTopics topics;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();

    RolloutRecords(KafkaCluster kafka, StreamTopics topics) {
        this(kafka, topics, Map.of());
    }

    /** A publisher whose producer also has {@code extraConfig} (e.g. a larger {@code max.request.size}). */
    RolloutRecords(KafkaCluster kafka, StreamTopics topics, Map<String, Object> extraConfig) {
        Map<String, Object> config = kafka.producerConfig();
        config.putAll(extraConfig);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.topics = topics;
    }

    /** Member {@code index} of a group of {@code groupSize} answering {@code answer} to 123 + 456, with {@code tokens} tokens. */
    static Rollout rollout(String groupId, int index, int groupSize, String answer, int tokens) {
        return Rollout.newBuilder()
                .setRolloutId(groupId + "/" + index)
                .setGroupId(groupId)
                .setIndex(index)
                .setGroupSize(groupSize)
                .setPromptId("p-" + groupId)
                .setPrompt("User: What is 123 + 456? Assistant:")
                .setGroundTruth("579")
                .setLanguage("en")
                .setTask("arithmetic")
                .setPromptTokenIds(List.of(1, 2, 3))
                .setCompletionTokenIds(Collections.nCopies(tokens, 17))
                .setBehaviourLogprobs(Collections.nCopies(tokens, -0.5f))
                .setCompletionText("<think>123 + 456 = 579</think><answer>" + answer + "</answer>")
                .setFinishReason(FinishReason.STOP)
                .setPolicyVersion(1)
                .setGeneratorId("test")
                .setSampling(SamplingParams.newBuilder().setTemperature(1.0f).setTopP(1.0f).setMaxNewTokens(512).build())
                .setCreatedAt(Instant.now())
                .setFinishedAt(Instant.now())
                .build();
    }

    /** A whole group whose even members answer correctly, sent without waiting (see {@link #flush()}). */
    void publishGroup(String groupId, int groupSize) {
        for (int index = 0; index < groupSize; index++) {
            Rollout rollout = rollout(groupId, index, groupSize, index % 2 == 0 ? "579" : "578", 8);
            pending.add(producer.send(new ProducerRecord<>(topics.rollouts(), groupId.getBytes(StandardCharsets.UTF_8),
                    RecordSerdes.rollout().encode(rollout))));
        }
    }

    /** Waits until everything sent has been acknowledged. @throws IllegalStateException if any send failed */
    void flush() {
        producer.flush();
        for (Future<RecordMetadata> send : pending) {
            await(send, topics.rollouts());
        }
        pending.clear();
    }

    RecordMetadata publish(Rollout rollout) {
        return publishRaw(rollout.getGroupId(), RecordSerdes.rollout().encode(rollout));
    }

    /** Publishes arbitrary bytes keyed by {@code groupId} and returns where they landed. */
    RecordMetadata publishRaw(String groupId, byte[] value) {
        return send(topics.rollouts(), groupId, value);
    }

    RecordMetadata send(String topic, String key, byte[] value) {
        return await(producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)), topic);
    }

    private static RecordMetadata await(Future<RecordMetadata> send, String topic) {
        try {
            return send.get(KafkaCluster.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish to " + topic + ": " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
