package dev.grpo.streams.bench;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.serde.RecordSerde;
import dev.grpo.schemas.serde.RecordSerdes;
import dev.grpo.schemas.topics.TopicSpec;
import dev.grpo.streams.assembler.GroupAssemblerApp;
import dev.grpo.streams.config.RewardConfig;
import dev.grpo.streams.rules.RuleRewardsApp;
import dev.grpo.streams.topology.RequiredTopics;
import dev.grpo.streams.topology.StreamTopics;
import dev.grpo.streams.topology.StreamsApp;
import dev.grpo.streams.topology.StreamsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code grpo bench rewards}: the rule-reward app and the group assembler on one broker, beside a
 * raw Kafka produce→consume of the same bytes on the same broker in the same run. Each path gets
 * a warm-up, then a burst of rollouts (throughput: rollouts per second from the first publish to
 * the last record read) and then a paced phase below saturation (latency from publish to the
 * advantage, or to the consumed copy for the raw path: p50 and p99). Everything it creates lives
 * under a fresh topic prefix and is deleted afterwards.
 */
public final class RewardsBenchmark {

    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private final String bootstrapServers;
    private final Options options;
    private final String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";

    private RewardsBenchmark(String bootstrapServers, Options options) {
        this.bootstrapServers = bootstrapServers;
        this.options = options;
    }

    /**
     * What to run.
     *
     * @param rollouts rollouts in the burst
     * @param groupSize G
     * @param tokens completion length in tokens
     * @param pacedRate rollouts per second in the latency phase
     * @param pacedDuration length of the latency phase
     */
    public record Options(int rollouts, int groupSize, int tokens, int pacedRate, Duration pacedDuration) {

        /** 8,000 rollouts in groups of 8 with 512-token completions; latency at 200 rollouts/s for 10 s. */
        public static Options defaults() {
            return new Options(8_000, 8, 512, 200, Duration.ofSeconds(10));
        }

        public Options {
            if (rollouts < groupSize || groupSize < 1 || tokens < 16 || pacedRate < 1 || pacedDuration.isNegative()) {
                throw new IllegalArgumentException("benchmark options out of range: " + this);
            }
        }
    }

    /**
     * One path's numbers.
     *
     * @param rolloutsPerSecond burst throughput
     * @param p50Millis median latency in the paced phase
     * @param p99Millis 99th-percentile latency in the paced phase
     */
    public record Measurement(double rolloutsPerSecond, long p50Millis, long p99Millis) {
    }

    /**
     * The result of a run.
     *
     * @param options what was run
     * @param recordBytes size of one encoded rollout
     * @param raw raw produce→consume of the same bytes
     * @param rewards rule rewards + assembler, publish→advantage
     */
    public record Result(Options options, int recordBytes, Measurement raw, Measurement rewards) {

        /** Reward pipeline throughput as a share of raw throughput. */
        public double throughputRatio() {
            return rewards.rolloutsPerSecond() / raw.rolloutsPerSecond();
        }

        /** A human-readable table. */
        public String report() {
            return String.format("rewards benchmark: %d rollouts of %d tokens (%d bytes each), groups of %d; "
                            + "latency at %d rollouts/s for %d s%n"
                            + "%-34s %12s %8s %8s%n%-34s %12.0f %8d %8d%n%-34s %12.0f %8d %8d%n"
                            + "reward pipeline throughput: %.0f%% of raw%n",
                    options.rollouts(), options.tokens(), recordBytes, options.groupSize(), options.pacedRate(),
                    options.pacedDuration().toSeconds(),
                    "path", "rollouts/s", "p50 ms", "p99 ms",
                    "raw produce->consume", raw.rolloutsPerSecond(), raw.p50Millis(), raw.p99Millis(),
                    "rule rewards + assembler", rewards.rolloutsPerSecond(), rewards.p50Millis(), rewards.p99Millis(),
                    100 * throughputRatio());
        }
    }

    /** Runs the benchmark against the cluster at {@code bootstrapServers}. */
    public static Result run(String bootstrapServers, Options options) throws InterruptedException {
        return new RewardsBenchmark(bootstrapServers, options).run();
    }

    /** {@code RewardsBenchmark --bootstrap-servers HOST:PORT [--rollouts N] [--group-size G] [--tokens T]}. */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            flags.put(args[i], args[i + 1]);
        }
        Options defaults = Options.defaults();
        Options options = new Options(
                Integer.parseInt(flags.getOrDefault("--rollouts", Integer.toString(defaults.rollouts()))),
                Integer.parseInt(flags.getOrDefault("--group-size", Integer.toString(defaults.groupSize()))),
                Integer.parseInt(flags.getOrDefault("--tokens", Integer.toString(defaults.tokens()))),
                defaults.pacedRate(), defaults.pacedDuration());
        System.out.print(run(flags.getOrDefault("--bootstrap-servers", "localhost:9092"), options).report());
    }

    private Result run() throws InterruptedException {
        StreamTopics topics = new StreamTopics(prefix);
        String rawTopic = prefix + "raw";
        TopicSpec rollouts = topics.spec(topics.rollouts());
        RequiredTopics.ensure(bootstrapServers, List.of(rollouts, topics.spec(topics.ruleRewards()),
                topics.spec(topics.advantages()), topics.spec(topics.deadLetters()),
                new TopicSpec(rawTopic, rollouts.key(), rollouts.record(), rollouts.partitions(), rollouts.retention(),
                        rollouts.retentionBytes(), rollouts.cleanupPolicy(), rollouts.maxMessageBytes())));
        Workload workload = new Workload(new BenchmarkRollouts(options.tokens(), options.groupSize()), options);
        Path stateDir = temporaryDirectory();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            Measurement raw = measure(producer, rawTopic, rawTopic, false, workload,
                    record -> System.currentTimeMillis() - record.timestamp());
            Measurement rewards;
            try (StreamsApp rules = new RuleRewardsApp(settings("rules", stateDir), RewardConfig.defaults(), topics).start();
                    StreamsApp assembler = new GroupAssemblerApp(settings("assembler", stateDir), RewardConfig.defaults(),
                            topics).start()) {
                awaitRunning(rules);
                awaitRunning(assembler);
                RecordSerde<AdvantageSample> samples = RecordSerdes.advantageSample();
                rewards = measure(producer, topics.rollouts(), topics.advantages(), true, workload, record -> {
                    AdvantageSample sample = samples.decode(record);
                    return System.currentTimeMillis() - workload.sentAt(sample.getRolloutId());
                });
            }
            return new Result(options, workload.recordBytes(), raw, rewards);
        } finally {
            deleteTopics();
            deleteQuietly(stateDir);
        }
    }

    private Measurement measure(KafkaProducer<byte[], byte[]> producer, String inputTopic, String outputTopic,
            boolean committedOnly, Workload workload, ToLongFunction<ConsumerRecord<byte[], byte[]>> latency)
            throws InterruptedException {
        Output output = new Output(consumerConfig(committedOnly), outputTopic, latency);
        Thread reader = new Thread(output, "bench-reader-" + outputTopic);
        reader.start();
        try {
            workload.publishWarmUp(producer, inputTopic);
            output.awaitCount(workload.warmUpCount());
            long start = System.nanoTime();
            workload.publishBurst(producer, inputTopic);
            output.awaitCount(workload.warmUpCount() + options.rollouts());
            double perSecond = options.rollouts() / ((System.nanoTime() - start) / 1e9);
            output.resetLatencies();
            int paced = workload.publishPaced(producer, inputTopic);
            output.awaitCount(workload.warmUpCount() + options.rollouts() + paced);
            return new Measurement(perSecond, output.latencies().percentile(50), output.latencies().percentile(99));
        } finally {
            output.stop();
            reader.join();
        }
    }

    private StreamsSettings settings(String app, Path stateDir) {
        return new StreamsSettings(bootstrapServers, prefix + app, stateDir.resolve(app), 1, Duration.ofMillis(100),
                Map.of());
    }

    private static void awaitRunning(StreamsApp app) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (app.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || app.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException(app.applicationId() + " did not start: " + app.state());
            }
            Thread.sleep(50);
        }
    }

    private Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    private Map<String, Object> consumerConfig(boolean committedOnly) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    private void deleteTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> ours = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            ours.removeIf(name -> !name.startsWith(prefix));
            admin.deleteTopics(ours).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("could not delete the benchmark's topics (prefix " + prefix + "): " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("grpo-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pre-encoded rollouts both paths publish, with the time each was sent. */
    private static final class Workload {

        private final Options options;
        private final List<List<Encoded>> warmUp = new ArrayList<>();
        private final List<List<Encoded>> burst = new ArrayList<>();
        private final List<List<Encoded>> paced = new ArrayList<>();
        private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        private final int recordBytes;

        Workload(BenchmarkRollouts generator, Options options) {
            this.options = options;
            int groupSize = generator.groupSize();
            RecordSerde<Rollout> serde = RecordSerdes.rollout();
            for (int g = 0; g < Math.max(1, 400 / groupSize); g++) {
                warmUp.add(encoded(serde, generator.group("warm-" + g)));
            }
            for (int g = 0; g < options.rollouts() / groupSize; g++) {
                burst.add(encoded(serde, generator.group("burst-" + g)));
            }
            long pacedGroups = Math.max(1, options.pacedRate() * options.pacedDuration().toSeconds() / groupSize);
            for (int g = 0; g < pacedGroups; g++) {
                paced.add(encoded(serde, generator.group("paced-" + g)));
            }
            recordBytes = burst.get(0).get(0).value().length;
        }

        private static List<Encoded> encoded(RecordSerde<Rollout> serde, List<Rollout> group) {
            return group.stream().map(r -> new Encoded(r.getRolloutId(), r.getGroupId().getBytes(StandardCharsets.UTF_8),
                    serde.encode(r))).toList();
        }

        int recordBytes() {
            return recordBytes;
        }

        int warmUpCount() {
            return warmUp.size() * options.groupSize();
        }

        long sentAt(String rolloutId) {
            return sentAt.get(rolloutId);
        }

        void publishWarmUp(KafkaProducer<byte[], byte[]> producer, String topic) {
            warmUp.forEach(group -> publish(producer, topic, group));
            producer.flush();
        }

        void publishBurst(KafkaProducer<byte[], byte[]> producer, String topic) {
            burst.forEach(group -> publish(producer, topic, group));
            producer.flush();
        }

        /** Publishes the paced groups at the configured rate and returns how many rollouts that was. */
        int publishPaced(KafkaProducer<byte[], byte[]> producer, String topic) throws InterruptedException {
            long start = System.nanoTime();
            long nanosPerGroup = TimeUnit.SECONDS.toNanos(1) * options.groupSize() / options.pacedRate();
            for (int g = 0; g < paced.size(); g++) {
                long due = start + g * nanosPerGroup;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                publish(producer, topic, paced.get(g));
                producer.flush();
            }
            return paced.size() * options.groupSize();
        }

        private void publish(KafkaProducer<byte[], byte[]> producer, String topic, List<Encoded> group) {
            for (Encoded rollout : group) {
                long now = System.currentTimeMillis();
                sentAt.put(rollout.rolloutId(), now);
                producer.send(new ProducerRecord<>(topic, null, now, rollout.key(), rollout.value()));
            }
        }
    }

    /** One rollout as published: its id, key bytes and value bytes, encoded before the clock starts. */
    private record Encoded(String rolloutId, byte[] key, byte[] value) {
    }

    /** Reads the output topic from its start, counting records and recording latencies. */
    private static final class Output implements Runnable {

        private final Map<String, Object> config;
        private final String topic;
        private final ToLongFunction<ConsumerRecord<byte[], byte[]>> latency;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger count = new AtomicInteger();
        private volatile Latencies latencies = new Latencies();

        Output(Map<String, Object> config, String topic, ToLongFunction<ConsumerRecord<byte[], byte[]>> latency) {
            this.config = config;
            this.topic = topic;
            this.latency = latency;
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                        long millis = latency.applyAsLong(record);
                        synchronized (this) {
                            latencies.add(millis);
                        }
                        count.incrementAndGet();
                    }
                }
            }
        }

        void awaitCount(int expected) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (count.get() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + count.get() + " of " + expected + " records reached " + topic);
                }
                Thread.sleep(5);
            }
        }

        synchronized void resetLatencies() {
            latencies = new Latencies();
        }

        synchronized Latencies latencies() {
            return latencies;
        }

        void stop() {
            running.set(false);
        }
    }
}
