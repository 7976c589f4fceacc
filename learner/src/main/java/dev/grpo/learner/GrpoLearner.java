package dev.grpo.learner;

import dev.grpo.learner.internal.checkpoint.CheckpointStore;
import dev.grpo.learner.internal.checkpoint.StoredCheckpoint;
import dev.grpo.learner.internal.kafka.LearnerOutputs;
import dev.grpo.learner.internal.kafka.OutputLog;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.ComputeDevice;
import dev.grpo.policy.PolicyModel;
import dev.grpo.schemas.StageTime;
import dev.grpo.schemas.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The GRPO learner: reads {@code grpo.advantages} (read_committed, offsets kept in its own checkpoints), assembles
 * whole groups, gates them by staleness, trains one optimiser step per {@code groupsPerStep} groups, writes a
 * checkpoint (weights, optimiser, reference, RNG, offsets, version) and announces it on {@code grpo.policy.versions}.
 * On start it resumes from the newest complete checkpoint, so every group contributes exactly once to the surviving
 * model. {@link #run()} blocks; {@link #close()} (from any thread) makes it stop after the current step.
 */
public final class GrpoLearner implements AutoCloseable {

    /**
     * The learner producer's {@code max.request.size}: the dead-letter topic's limit, so a dead letter of any record
     * that fit {@code grpo.advantages} is sent whole (Kafka's 1 MiB default would refuse most of them).
     */
    static final int MAX_REQUEST_BYTES = TopicCatalogue.DEAD_LETTERS.maxMessageBytes();

    private final LearnerConfig config;
    private final LearnerMetrics metrics;
    private final Consumer<StepMetrics> listener;
    private final CheckpointStore store;
    private volatile boolean stopping;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile LearnerSession session;

    /**
     * @param config what to train and where
     * @param registry where the metrics go
     * @param listener told about every step after its metrics are recorded
     */
    public GrpoLearner(LearnerConfig config, MeterRegistry registry, Consumer<StepMetrics> listener) {
        this.config = config;
        this.metrics = new LearnerMetrics(registry, config.learnerId());
        this.listener = listener;
        this.store = new CheckpointStore(config.checkpointing().directory(), config.checkpointing().keep(),
                config.checkpointing().initialCheckpoint());
    }

    /**
     * A learner whose metrics are logged and kept in a private {@link SimpleMeterRegistry}.
     *
     * @param config what to train and where
     */
    public GrpoLearner(LearnerConfig config) {
        this(config, new SimpleMeterRegistry(), step -> { });
    }

    /** @return the learner's version: optimiser steps applied to its weights */
    public long version() {
        LearnerSession current = session;
        return current == null ? 0 : current.version();
    }

    /**
     * @return busy (training, checkpointing) and idle time (waiting for data, loading) since this learner was
     *     created; also the meters {@code grpo.learner.busy} and {@code grpo.learner.idle}
     */
    public StageTime stageTime() {
        return metrics.stageTime();
    }

    /** Trains until {@link #close()} is called or {@code maxSteps} is reached, then writes a final checkpoint. */
    public void run() {
        Optional<StoredCheckpoint> resumed = store.latest();
        try (PolicyModel policy = loadPolicy(resumed);
             PolicyModel reference = config.loss().klCoefficient() > 0
                     ? PolicyModel.create(policy.config(), 0, policy.device()) : null;
             KafkaConsumer<byte[], byte[]> kafkaConsumer = new KafkaConsumer<>(consumerConfig(),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaConsumer<byte[], byte[]> outputReader = new KafkaConsumer<>(outputReaderConfig(),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(),
                     new ByteArraySerializer(), new ByteArraySerializer());
             KafkaClientMetrics consumerMetrics = metrics.bind(kafkaConsumer);
             KafkaClientMetrics producerMetrics = metrics.bind(producer)) {
            consumer = kafkaConsumer;
            LearnerSession started = new LearnerSession(config, metrics, listener, store, policy, reference,
                    kafkaConsumer, new LearnerOutputs(producer, config.topics(), config.learnerId(), MAX_REQUEST_BYTES),
                    new OutputLog(outputReader, config.topics(), config.learnerId()));
            session = started;
            started.start(resumed);
            if (!stopping) {
                started.loop();
            }
            started.finish();
        }
    }

    private PolicyModel loadPolicy(Optional<StoredCheckpoint> resumed) {
        var device = ComputeDevice.parse(config.run().device());
        if (resumed.isPresent()) {
            return resumed.get().policy().load(device);
        }
        if (config.checkpointing().initialCheckpoint() == null) {
            throw new IllegalStateException("no checkpoint in " + config.checkpointing().directory()
                    + " and no initial checkpoint to start from");
        }
        return Checkpoint.read(config.checkpointing().initialCheckpoint()).load(device);
    }

    /** Asks {@link #run()} to stop after the step in progress; safe from any thread. */
    @Override
    public void close() {
        stopping = true;
        LearnerSession current = session;
        if (current != null) {
            current.stop();
        }
        KafkaConsumer<byte[], byte[]> polling = consumer;
        if (polling != null) {
            polling.wakeup();
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> settings = readerConfig("advantages", "read_committed");
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.cluster().group(config.learnerId()));
        return settings;
    }

    /** A consumer that positions itself (no auto-commit, earliest when an offset is gone). */
    private Map<String, Object> readerConfig(String client, String isolation) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config.cluster().client(config.learnerId(), client, settings);
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
        return config.cluster().client(config.learnerId(), "outputs", settings);
    }

    /** Reads the learner's own forwards back on resume; read_uncommitted, since the learner writes without them. */
    private Map<String, Object> outputReaderConfig() {
        return readerConfig("output-reader", "read_uncommitted");
    }
}
