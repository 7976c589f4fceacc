package dev.grpo.streams.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The worked example of streams/README.md: an external reward consumer written against the
 * documented contract alone (the {@code .avsc} files, Avro's generic API and plain Kafka clients,
 * none of this project's classes). It adds DAPO's soft overlong punishment as the component
 * {@code overlong}: 0 while a completion is at most {@code max_new_tokens - cache} tokens long,
 * falling linearly to -1 at {@code max_new_tokens}.
 *
 * <p>It reads {@code grpo.rollouts} in its own consumer group ({@code read_committed}) and writes
 * one {@code RewardScore} per rollout to {@code grpo.rewards.overlong}, keyed by the rollout's key
 * and on the rollout's partition number, in Kafka transactions that also commit the consumed
 * offsets, so each rollout is scored exactly once even across crashes.
 *
 * <pre>
 * java ... OverlongRewardConsumer localhost:9092 schemas/src/main/resources/dev/grpo/schemas/history 64
 * </pre>
 */
public final class OverlongRewardConsumer {

    /** The component name, and so the topic {@code grpo.rewards.overlong}. */
    public static final String COMPONENT = "overlong";
    /** The output topic. */
    public static final String TOPIC = "grpo.rewards." + COMPONENT;

    private final BinaryMessageDecoder<GenericRecord> rollouts;
    private final BinaryMessageEncoder<GenericRecord> scores;
    private final Schema rewardScore;
    private final int cacheTokens;

    /**
     * A consumer decoding rollouts written with any of {@code rolloutSchemas} (every shipped
     * version) and encoding scores with the current {@code rewardScoreSchema}.
     */
    public OverlongRewardConsumer(List<String> rolloutSchemas, String rewardScoreSchema, int cacheTokens) {
        Schema current = new Schema.Parser().parse(rolloutSchemas.get(rolloutSchemas.size() - 1));
        this.rollouts = new BinaryMessageDecoder<>(GenericData.get(), current);
        rolloutSchemas.forEach(text -> rollouts.addSchema(new Schema.Parser().parse(text)));
        this.rewardScore = new Schema.Parser().parse(rewardScoreSchema);
        this.scores = new BinaryMessageEncoder<>(GenericData.get(), rewardScore);
        this.cacheTokens = cacheTokens;
    }

    /** DAPO's soft overlong punishment for a completion of {@code length} tokens. */
    public static double penalty(int length, int maxTokens, int cacheTokens) {
        int free = maxTokens - cacheTokens;
        if (length <= free) {
            return 0.0;
        }
        if (length <= maxTokens) {
            return (double) (free - length) / cacheTokens;
        }
        return -1.0;
    }

    /** The encoded {@code RewardScore} for one encoded {@code Rollout}. */
    public byte[] score(byte[] rolloutBytes) throws IOException {
        GenericRecord rollout = rollouts.decode(rolloutBytes);
        int length = ((List<?>) rollout.get("completion_token_ids")).size();
        int maxTokens = (Integer) ((GenericRecord) rollout.get("sampling")).get("max_new_tokens");
        GenericRecord score = new GenericData.Record(rewardScore);
        score.put("rollout_id", rollout.get("rollout_id").toString());
        score.put("group_id", rollout.get("group_id").toString());
        score.put("index", rollout.get("index"));
        score.put("group_size", rollout.get("group_size"));
        score.put("component", COMPONENT);
        score.put("value", penalty(length, maxTokens, cacheTokens));
        score.put("reward_version", "overlong-1/cache=" + cacheTokens);
        score.put("details", length + " of " + maxTokens + " tokens");
        score.put("scored_at", System.currentTimeMillis());
        ByteBuffer encoded = scores.encode(score);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    /** Consumes, scores and produces until {@code running} turns false. */
    public void run(String bootstrapServers, AtomicBoolean running) throws IOException {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrapServers));
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrapServers))) {
            producer.initTransactions();
            consumer.subscribe(List.of("grpo.rollouts"));
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    producer.send(new ProducerRecord<>(TOPIC, record.partition(), record.key(), score(record.value())));
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
            }
        }
    }

    private static Properties consumerConfig(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "grpo-reward-" + COMPONENT);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private static Properties producerConfig(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "grpo-reward-" + COMPONENT + "-1");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** Every {@code v<N>.avsc} of one record in the schema history folder, oldest first. */
    static List<String> versions(Path history, String record) {
        try (Stream<Path> files = Files.list(history.resolve(record))) {
            List<Path> sorted = new ArrayList<>(files.filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc")).toList());
            sorted.sort((a, b) -> Integer.compare(number(a), number(b)));
            List<String> texts = new ArrayList<>();
            for (Path file : sorted) {
                texts.add(Files.readString(file, StandardCharsets.UTF_8));
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int number(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
    }

    /** {@code OverlongRewardConsumer BOOTSTRAP_SERVERS SCHEMA_HISTORY_DIR CACHE_TOKENS}; Ctrl-C stops it. */
    public static void main(String[] args) throws IOException {
        Path history = Path.of(args[1]);
        List<String> rolloutVersions = versions(history, "Rollout");
        List<String> scoreVersions = versions(history, "RewardScore");
        OverlongRewardConsumer consumer = new OverlongRewardConsumer(rolloutVersions,
                scoreVersions.get(scoreVersions.size() - 1), Integer.parseInt(args[2]));
        AtomicBoolean running = new AtomicBoolean(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.set(false)));
        consumer.run(args[0], running);
    }
}
