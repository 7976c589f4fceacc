package dev.grpo.streams;

import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.streams.internal.replay.ImpossibleReplayException;
import dev.grpo.streams.internal.replay.RangeCensus;
import dev.grpo.streams.internal.replay.RangeFilter;
import dev.grpo.streams.internal.replay.ReplayBounds;
import dev.grpo.streams.internal.replay.ReplayStart;
import dev.grpo.streams.internal.replay.ReplayTally;
import dev.grpo.streams.internal.replay.RolloutLog;
import dev.grpo.streams.spi.StreamTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-scores a range of the rollout history with another reward configuration, into topics of its
 * own, while live training goes on: the unchanged rule-reward and assembler topologies run under
 * application ids of the run (so with consumer groups and state of their own), read the live
 * rollouts and external reward topics from the range's start, drop rollouts past its end, and
 * write only the run's outputs. It ends by itself once every group of the range is settled.
 *
 * @param cluster the cluster; the application ids of {@code outputs} already hold the namespace (the topics' prefix),
 *     so they are used as they are
 * @param outputs the run's names (and through them the live topics read)
 * @param range the history replayed
 * @param rewards the new reward configuration
 * @param force delete and recreate output topics that already exist
 * @param threads stream threads per app
 */
public record Replay(KafkaClusterConfig cluster, ReplayOutputs outputs, ReplayRange range, RewardConfig rewards,
        boolean force, int threads) {

    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofMillis(250);
    private static final String DROPPED_UNIFORM = "groups-dropped-uniform-total";

    public Replay {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(rewards, "rewards");
        if (threads < 1) {
            throw new IllegalArgumentException("a replay needs at least one stream thread, got " + threads);
        }
    }

    /**
     * Runs the replay to its end, telling {@code progress} how far it got a few times a second.
     *
     * @throws ReplayRefusedException when the range or the topics make the replay impossible as asked
     *         (checked before anything is written)
     * @throws IllegalStateException when a replay app fails
     */
    public ReplayReport run(Consumer<ReplayProgress> progress) throws InterruptedException {
        long started = System.nanoTime();
        StreamTopics topics = outputs.topics();
        List<String> externals = rewards.externalComponents().stream().map(topics::rewards).toList();
        try (RolloutLog log = new RolloutLog(cluster, topics.rollouts()); Admin admin = admin()) {
            ReplayBounds bounds = ReplayBounds.resolve(range.start(), range.end(), log);
            ReplayStart start = new ReplayStart(admin, TIMEOUT, outputs.run(), outputs.topics(),
                    outputs.rulesApplicationId(), outputs.assemblerApplicationId());
            start.check(externals, force);
            start.prepare(bounds.partitions().size());
            RangeCensus census = RangeCensus.take(bounds, log);
            start.commitStart(bounds, census, externals, log);
            Path stateDir = Files.createTempDirectory("grpo-replay-");
            try {
                Settled settled = runApps(bounds, census, admin, stateDir, progress);
                return new ReplayReport(outputs.run(), outputs.topicNames(), census.partitions(), settled.samples(),
                        settled.assembled(), settled.droppedUniform(), settled.deadLettered(), census.cutGroups(),
                        settled.deadLetters(), Duration.ofNanos(System.nanoTime() - started));
            } finally {
                deleteRecursively(stateDir);
            }
        } catch (ImpossibleReplayException e) {
            throw new ReplayRefusedException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for the replay: " + e.getMessage(), e);
        }
    }

    private Settled runApps(ReplayBounds bounds, RangeCensus census, Admin admin, Path stateDir,
            Consumer<ReplayProgress> progress) throws InterruptedException {
        Map<String, String> filter = RangeFilter.streamsProperties(bounds);
        boolean scoresRules = !rewards.ruleComponents().isEmpty();
        try {
            try (StreamsApp rules = scoresRules ? new RuleRewardsApp(settings(outputs.rulesApplicationId(), stateDir, filter),
                            rewards, outputs.topics()).start() : null;
                    StreamsApp assembler = new GroupAssemblerApp(settings(outputs.assemblerApplicationId(), stateDir, filter),
                            rewards, outputs.topics()).start();
                    ReplayTally tally = new ReplayTally(cluster, outputs.topics())) {
                return awaitSettled(rules, assembler, tally, census, admin, progress);
            }
        } finally {
            emptyGroups(admin);
        }
    }

    private Settled awaitSettled(StreamsApp rules, StreamsApp assembler, ReplayTally tally, RangeCensus census,
            Admin admin, Consumer<ReplayProgress> progress) throws InterruptedException {
        while (true) {
            checkRunning(rules);
            checkRunning(assembler);
            tally.update();
            Scored scored = rules != null ? scored(admin, census) : new Scored(census.rollouts(), true);
            int assembled = tally.assembled(census.completeGroups());
            int deadLettered = tally.deadLettered(census.completeGroups());
            long dropped = droppedUniform(assembler);
            int groupsSettled = (int) Math.min(census.completeGroups().size(), assembled + deadLettered + dropped);
            progress.accept(new ReplayProgress(scored.rollouts(), census.rollouts(), tally.samples(), tally.deadLetters(),
                    groupsSettled, census.completeGroups().size()));
            if (scored.pastRange() && groupsSettled >= census.completeGroups().size()) {
                return new Settled(tally.samples(), assembled, dropped, deadLettered, tally.deadLetters());
            }
            Thread.sleep(TICK.toMillis());
        }
    }

    /**
     * Removes the closed apps' members from the run's consumer groups: Kafka Streams does not
     * leave its group on close, and a {@code --force} rerun must be able to delete the groups at once.
     */
    private void emptyGroups(Admin admin) throws InterruptedException {
        for (String group : outputs.applicationIds()) {
            try {
                admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions()).all()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("no members removed from {}: {}", group, e.toString());
            }
        }
    }

    /** What became of the range's groups. */
    private record Settled(long samples, int assembled, long droppedUniform, int deadLettered, long deadLetters) {
    }

    private StreamAppConfig settings(String applicationId, Path stateDir, Map<String, String> filter) {
        return new StreamAppConfig(cluster.withTopicPrefix(""), applicationId, stateDir.resolve(applicationId),
                threads, Duration.ofMillis(100), filter);
    }

    /**
     * How far the rule-reward app has committed.
     *
     * @param rollouts rollouts of the range it has committed
     * @param pastRange whether it has committed past the range's last rollout on every partition
     */
    private record Scored(long rollouts, boolean pastRange) {
    }

    private Scored scored(Admin admin, RangeCensus census) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(outputs.rulesApplicationId()).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the committed offsets of " + outputs.rulesApplicationId()
                    + ": " + e, e);
        }
        long scored = 0;
        boolean pastRange = true;
        for (RangeCensus.PartitionCensus partition : census.partitions()) {
            OffsetAndMetadata offset = committed.get(new TopicPartition(outputs.topics().rollouts(),
                    partition.range().partition()));
            long position = offset == null ? partition.range().start() : offset.offset();
            scored += Math.max(0, Math.min(partition.rollouts(), position - partition.range().start()));
            if (partition.lastOffset() >= 0 && position <= partition.lastOffset()) {
                pastRange = false;
            }
        }
        return new Scored(scored, pastRange);
    }

    private static long droppedUniform(StreamsApp assembler) {
        double dropped = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : assembler.streams().metrics().entrySet()) {
            if (metric.getKey().name().equals(DROPPED_UNIFORM) && metric.getValue().metricValue() instanceof Number n) {
                dropped += n.doubleValue();
            }
        }
        return (long) dropped;
    }

    private static void checkRunning(StreamsApp app) {
        if (app == null) {
            return;
        }
        KafkaStreams.State state = app.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_SHUTDOWN) {
            throw new IllegalStateException("replay app " + app.applicationId() + " stopped (" + state + "); see its log");
        }
    }

    private Admin admin() {
        return Admin.create(cluster.client("replay", "admin",
                Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())));
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the replay's state directory " + directory, e);
        }
    }
}
