package dev.grpo.bench.rewards;

import com.sun.management.OperatingSystemMXBean;
import dev.grpo.records.AdvantageSample;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.schemas.TopicSpec;
import dev.grpo.streams.GroupAssemblerApp;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.RuleRewardsApp;
import dev.grpo.streams.StreamAppConfig;
import dev.grpo.streams.StreamsApp;
import dev.grpo.streams.spi.RequiredTopics;
import dev.grpo.streams.spi.StreamTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
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
 * {@code grpo bench rewards}: the reward stage as {@code grpo rewards} runs it (the assembler scoring
 * the rules, two threads) and as {@code grpo rewards --rules-app} runs it (the rule-reward app and the
 * assembler, a thread each), beside a raw Kafka produce→consume of the same bytes on the same broker
 * in the same run. The paths take turns, round after round, each with the same burst of rollouts
 * (throughput: rollouts per second from the first publish to the last record read), in reverse order
 * every other round, so that a noisy neighbour or the JIT warming up slows them alike; uncounted
 * warm-up rounds come first, and the ratio reported is the median of the rounds' ratios. A paced
 * phase below saturation then measures latency (publish to advantage, or to the consumed copy for
 * the raw path: p50 and p99). Everything it creates lives under a fresh topic prefix and is deleted
 * afterwards.
 */
public final class RewardsBenchmark {

    private static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final KafkaClusterConfig cluster;
    private final Config options;
    private final String prefix;

    private RewardsBenchmark(KafkaClusterConfig cluster, Config options) {
        this.cluster = cluster;
        this.prefix = cluster.topicPrefix() + "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";
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
     * @param rounds bursts per path, taken in turns
     * @param warmUpRounds uncounted rounds before them
     */
    public record Config(int rollouts, int groupSize, int tokens, int pacedRate, Duration pacedDuration, int rounds,
            int warmUpRounds) {

        /**
         * 7 rounds after 2 warm-up rounds, of 8,000 rollouts in groups of 8 with 512-token completions; latency at
         * 200 rollouts/s for 10 s.
         */
        public static Config defaults() {
            return new Config(8_000, 8, 512, 200, Duration.ofSeconds(10), 7, 2);
        }

        public Config {
            if (rollouts < groupSize || groupSize < 1 || tokens < 16 || pacedRate < 1 || pacedDuration.isNegative()
                    || rounds < 1 || warmUpRounds < 0) {
                throw new IllegalArgumentException("benchmark settings out of range: " + this);
            }
        }
    }

    /**
     * One path's numbers.
     *
     * @param roundRates burst throughput of each round, rollouts per second
     * @param roundCpuMicros CPU time this process spent per rollout in each round's burst, in microseconds (broker
     *     included when it is embedded)
     * @param p50Millis median latency in the paced phase
     * @param p99Millis 99th-percentile latency in the paced phase
     */
    public record Measurement(List<Double> roundRates, List<Double> roundCpuMicros, long p50Millis, long p99Millis) {

        public Measurement {
            roundRates = List.copyOf(roundRates);
            roundCpuMicros = List.copyOf(roundCpuMicros);
        }

        /** The median round's CPU time per rollout, in microseconds. */
        public double cpuMicrosPerRollout() {
            return median(roundCpuMicros);
        }

        /** The median round's throughput. */
        public double rolloutsPerSecond() {
            return median(roundRates);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /**
     * The result of a run.
     *
     * @param options what was run
     * @param recordBytes size of one encoded rollout
     * @param raw raw produce→consume of the same bytes
     * @param rulesInAssembler the assembler scoring the rules itself (the default deployment), publish→advantage
     * @param rulesApp the rule-reward app and the assembler as two apps, publish→advantage
     */
    public record Result(Config options, int recordBytes, Measurement raw, Measurement rulesInAssembler,
            Measurement rulesApp) {

        /** The default deployment's throughput as a share of raw throughput: the median of the rounds' ratios. */
        public double throughputRatio() {
            return ratioToRaw(rulesInAssembler);
        }

        /** A path's throughput as a share of raw throughput: the median of the rounds' ratios. */
        public double ratioToRaw(Measurement path) {
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < raw.roundRates().size(); round++) {
                ratios.add(path.roundRates().get(round) / raw.roundRates().get(round));
            }
            return median(ratios);
        }

        private static String row(String name, Measurement path) {
            String rounds = path.roundRates().stream().map(rate -> String.format("%.0f", rate))
                    .collect(Collectors.joining(" / "));
            return String.format("%-34s %10.0f %8d %8d %8.0f   %s%n", name, path.rolloutsPerSecond(), path.p50Millis(),
                    path.p99Millis(), path.cpuMicrosPerRollout(), rounds);
        }

        /** A human-readable table. */
        public String report() {
            return String.format("rewards benchmark: %d rounds (after %d warm-up rounds) of %d rollouts of %d tokens "
                            + "(%d bytes each), groups of %d; latency at %d rollouts/s for %d s%n"
                            + "%-34s %10s %8s %8s %8s   %s%n",
                    options.rounds(), options.warmUpRounds(), options.rollouts(), options.tokens(), recordBytes,
                    options.groupSize(), options.pacedRate(), options.pacedDuration().toSeconds(),
                    "path", "rollouts/s", "p50 ms", "p99 ms", "CPU us/r", "rounds (rollouts/s)")
                    + row("raw produce->consume", raw)
                    + row("rewards (rules in the assembler)", rulesInAssembler)
                    + row("rewards --rules-app (two apps)", rulesApp)
                    + String.format("reward stage throughput, median of the rounds' ratios to raw: %.0f%% (default), "
                            + "%.0f%% (--rules-app)%n", 100 * throughputRatio(), 100 * ratioToRaw(rulesApp))
                    + "CPU us/r: CPU time of this process per rollout during the bursts (the broker's too when embedded)\n";
        }
    }

    /** Runs the benchmark on {@code cluster}, under topics and application ids of its own within its namespace. */
    public static Result run(KafkaClusterConfig cluster, Config options) throws InterruptedException {
        return new RewardsBenchmark(cluster, options).run();
    }

    private Result run() throws InterruptedException {
        StreamTopics topics = new StreamTopics(prefix);
        StreamTopics fused = new StreamTopics(prefix + "fused.");
        String rawTopic = prefix + "raw";
        TopicSpec rollouts = topics.spec(topics.rollouts());
        List<TopicSpec> needed = new ArrayList<>(List.of(new TopicSpec(rawTopic, rollouts.key(), rollouts.record(),
                rollouts.partitions(), rollouts.retention(), rollouts.retentionBytes(), rollouts.cleanupPolicy(),
                rollouts.maxMessageBytes())));
        for (StreamTopics set : List.of(topics, fused)) {
            for (String name : List.of(set.rollouts(), set.ruleRewards(), set.advantages(), set.deadLetters())) {
                needed.add(set.spec(name));
            }
        }
        RequiredTopics.ensure(cluster, needed);
        Workload workload = new Workload(new BenchmarkRollouts(options.tokens(), options.groupSize()), options);
        Path stateDir = temporaryDirectory();
        RewardConfig config = RewardConfig.defaults();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig());
                StreamsApp rules = new RuleRewardsApp(settings("rules", stateDir), config, topics).start();
                StreamsApp assembler = new GroupAssemblerApp(settings("assembler", stateDir), config, topics).start();
                StreamsApp scoringAssembler = new GroupAssemblerApp(settings("fused-assembler", stateDir, 2), config, fused,
                        true).start();
                Output raw = new Output(consumerConfig(false), rawTopic,
                        record -> System.currentTimeMillis() - record.timestamp());
                Output advantages = new Output(consumerConfig(true), topics.advantages(), workload::latencyOf);
                Output fusedAdvantages = new Output(consumerConfig(true), fused.advantages(), workload::latencyOf)) {
            for (StreamsApp app : List.of(rules, assembler, scoringAssembler)) {
                awaitRunning(app);
            }
            List<Route> routes = List.of(new Route(producer, rawTopic, raw),
                    new Route(producer, fused.rollouts(), fusedAdvantages),
                    new Route(producer, topics.rollouts(), advantages));
            List<List<Burst>> bursts = new ArrayList<>();
            routes.forEach(route -> bursts.add(new ArrayList<>()));
            for (int round = -options.warmUpRounds(); round < options.rounds(); round++) {
                List<List<Encoded>> burst = workload.burst(round);
                for (int turn = 0; turn < routes.size(); turn++) {
                    int path = Math.floorMod(round, 2) == 0 ? turn : routes.size() - 1 - turn;
                    Burst measured = routes.get(path).burst(workload, burst);
                    if (round >= 0) {
                        bursts.get(path).add(measured);
                    }
                }
            }
            List<Measurement> measured = new ArrayList<>();
            for (int path = 0; path < routes.size(); path++) {
                Latencies latency = routes.get(path).paced(workload);
                measured.add(new Measurement(bursts.get(path).stream().map(Burst::rate).toList(),
                        bursts.get(path).stream().map(Burst::cpuMicrosPerRollout).toList(), latency.percentile(50),
                        latency.percentile(99)));
            }
            return new Result(options, workload.recordBytes(), measured.get(0), measured.get(1), measured.get(2));
        } finally {
            deleteTopics();
            deleteQuietly(stateDir);
        }
    }

    /** One path: where its rollouts are published and where its output is read. */
    private record Route(KafkaProducer<byte[], byte[]> producer, String inputTopic, Output output) {

        /** One burst's rollouts per second, from its first publish to its last output record, and CPU time. */
        Burst burst(Workload workload, List<List<Encoded>> burst) throws InterruptedException {
            int before = output.count();
            long cpuStart = PROCESS.getProcessCpuTime();
            long start = System.nanoTime();
            int published = workload.publishBurst(producer, inputTopic, burst);
            output.awaitCount(before + published);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Burst(published / seconds, (PROCESS.getProcessCpuTime() - cpuStart) / 1e3 / published);
        }

        Latencies paced(Workload workload) throws InterruptedException {
            int before = output.count();
            output.recordLatencies();
            int paced = workload.publishPaced(producer, inputTopic);
            output.awaitCount(before + paced);
            return output.latencies();
        }
    }

    private StreamAppConfig settings(String app, Path stateDir) {
        return settings(app, stateDir, 1);
    }

    private StreamAppConfig settings(String app, Path stateDir, int threads) {
        return new StreamAppConfig(cluster.withTopicPrefix(prefix), app, stateDir.resolve(app), threads,
                Duration.ofMillis(100), Map.of());
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
        return cluster.client("grpo-bench", "producer", Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    private Map<String, Object> consumerConfig(boolean committedOnly) {
        return cluster.client("grpo-bench", committedOnly ? "committed" : "uncommitted", Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private void deleteTopics() {
        try (Admin admin = Admin.create(cluster.client("grpo-bench", "admin", Map.of()))) {
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

    /**
     * The rollouts the paths publish, encoded before the clock starts (one burst at a time, the same for every
     * path of a round), with the time each paced rollout was sent.
     */
    private static final class Workload {

        private final Config options;
        private final BenchmarkRollouts generator;
        private final RecordSerde<Rollout> serde = RecordSerdes.rollout();
        private final List<List<Encoded>> paced = new ArrayList<>();
        private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        private final RecordSerde<AdvantageSample> samples = RecordSerdes.advantageSample();
        private final int recordBytes;

        Workload(BenchmarkRollouts generator, Config options) {
            this.options = options;
            this.generator = generator;
            long pacedGroups = Math.max(1, options.pacedRate() * options.pacedDuration().toSeconds() / options.groupSize());
            for (int g = 0; g < pacedGroups; g++) {
                paced.add(encoded(generator.group("paced-" + g)));
            }
            recordBytes = paced.get(0).get(0).value().length;
        }

        /** The groups of round {@code round} (negative in the warm-up). */
        List<List<Encoded>> burst(int round) {
            List<List<Encoded>> burst = new ArrayList<>();
            for (int g = 0; g < options.rollouts() / options.groupSize(); g++) {
                burst.add(encoded(generator.group("burst" + round + "-" + g)));
            }
            return burst;
        }

        private List<Encoded> encoded(List<Rollout> group) {
            return group.stream().map(r -> new Encoded(r.getRolloutId(), r.getGroupId().getBytes(StandardCharsets.UTF_8),
                    serde.encode(r))).toList();
        }

        int recordBytes() {
            return recordBytes;
        }

        /** Milliseconds from publishing a rollout to reading the advantage sample built from it. */
        long latencyOf(ConsumerRecord<byte[], byte[]> advantage) {
            String rolloutId = samples.layout(advantage.topic(), advantage.partition(), advantage.offset(),
                    advantage.value()).stringField("rollout_id");
            return System.currentTimeMillis() - sentAt.get(rolloutId);
        }

        /** Publishes {@code burst} as fast as the producer takes it and returns how many rollouts that was. */
        int publishBurst(KafkaProducer<byte[], byte[]> producer, String topic, List<List<Encoded>> burst) {
            int published = 0;
            for (List<Encoded> group : burst) {
                for (Encoded rollout : group) {
                    producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), rollout.key(),
                            rollout.value()));
                }
                published += group.size();
            }
            producer.flush();
            return published;
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
                for (Encoded rollout : paced.get(g)) {
                    long now = System.currentTimeMillis();
                    sentAt.put(rollout.rolloutId(), now);
                    producer.send(new ProducerRecord<>(topic, null, now, rollout.key(), rollout.value()));
                }
                producer.flush();
            }
            return paced.size() * options.groupSize();
        }
    }

    /** What one burst measured: rollouts per second, and this process's CPU microseconds per rollout. */
    private record Burst(double rate, double cpuMicrosPerRollout) {
    }

    /** One rollout as published: its id, key bytes and value bytes, encoded before the clock starts. */
    private record Encoded(String rolloutId, byte[] key, byte[] value) {
    }

    /**
     * Reads the output topic from its start on a thread of its own, counting records, and recording latencies once
     * asked to: the bursts only count, so that reading the output costs every path the same.
     */
    private static final class Output implements Runnable, AutoCloseable {

        private final Map<String, Object> config;
        private final String topic;
        private final ToLongFunction<ConsumerRecord<byte[], byte[]>> latency;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger count = new AtomicInteger();
        private final Thread reader;
        private volatile Latencies latencies;

        Output(Map<String, Object> config, String topic, ToLongFunction<ConsumerRecord<byte[], byte[]>> latency) {
            this.config = config;
            this.topic = topic;
            this.latency = latency;
            this.reader = new Thread(this, "bench-reader-" + topic);
            reader.start();
        }

        int count() {
            return count.get();
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
                        if (latencies != null) {
                            long millis = latency.applyAsLong(record);
                            synchronized (this) {
                                latencies.add(millis);
                            }
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

        synchronized void recordLatencies() {
            latencies = new Latencies();
        }

        synchronized Latencies latencies() {
            return latencies;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            reader.join();
        }
    }
}
