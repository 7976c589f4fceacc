package dev.grpo.tests.learner;

import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.learner.internal.checkpoint.CheckpointStore;
import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly-once as an operator would try it: members of many groups written as the assembler writes them (several
 * groups per transaction, their members interleaved, indexes out of order, across partitions), some groups stale by
 * the time they are read, some members invalid, undecodable records, a group whose last member never comes and an
 * aborted transaction; the learner, a JVM of its own, is killed with SIGKILL at random points five times, stopped
 * cleanly once, and run until it has nothing left to do. Then the ledger along the final lineage and every output
 * topic are checked: every group trained exactly once or forwarded to the stale topic exactly once, never both;
 * every bad record dead-lettered exactly once; nothing skipped, nothing written twice for the same coordinates.
 */
@ExtendWith(KafkaClusterExtension.class)
class LearnerExactlyOnceTest {

    private static final int PARTITIONS = 3;
    private static final int GROUPS = 72;
    private static final int GROUP_SIZE = 4;
    private static final int MAX_STALENESS = 2;
    private static final int CHECKPOINT_EVERY = 2;
    private static final int KILLS = 5;
    private static final Duration GROUP_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration QUIET = Duration.ofSeconds(6);

    @Test
    void everyGroupIsTrainedOrForwardedExactlyOnceAcrossKillsAndACleanStop(KafkaCluster cluster, @TempDir Path dir)
            throws Exception {
        LearnerTopics topics = LearnerHarness.createTopics(cluster, PARTITIONS);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Written written = writeAsTheAssemblerDoes(cluster, topics.advantages(), random);
        Path initial = LearnerHarness.initialCheckpoint(dir.resolve("initial"));
        Path checkpoints = dir.resolve("checkpoints");
        String learnerId = cluster.uniqueName("eo-learner");

        int killedWhileTraining = 0;
        List<Double> restartSeconds = new ArrayList<>();
        for (int run = 0; run <= KILLS; run++) {
            boolean clean = run == KILLS;
            long started = System.nanoTime();
            Process learner = start(cluster, topics, initial, checkpoints, learnerId, dir, run);
            try {
                BlockingQueue<String> steps = LearnerProcess.stepLines(learner);
                int stepsBeforeStop = 1 + random.nextInt(5);
                for (int seen = 0; seen < stepsBeforeStop && learner.isAlive(); seen++) {
                    if (LearnerProcess.awaitStep(learner, steps) && seen == 0 && run > 0) {
                        restartSeconds.add((System.nanoTime() - started) / 1e9);
                    }
                }
                Thread.sleep(random.nextInt(150));
                if (learner.isAlive()) {
                    killedWhileTraining++;
                }
                if (clean) {
                    learner.destroy();
                    assertThat(learner.waitFor(60, TimeUnit.SECONDS)).as("clean stop (seed %d)", seed).isTrue();
                }
            } finally {
                learner.destroyForcibly().waitFor();
            }
        }
        long announcedBefore = endOfVersions(cluster, topics);
        Process last = start(cluster, topics, initial, checkpoints, learnerId, dir, KILLS + 1);
        try {
            LearnerProcess.stepLines(last);
            awaitQuiet(cluster, topics, checkpoints, last, announcedBefore);
            last.destroy();
            assertThat(last.waitFor(60, TimeUnit.SECONDS)).as("final clean stop (seed %d)", seed).isTrue();
        } finally {
            last.destroyForcibly().waitFor();
        }
        System.out.printf("learner restart after SIGKILL: first step %s s after the process started%n",
                restartSeconds.stream().map(s -> String.format("%.1f", s)).toList());

        assertThat(killedWhileTraining).as("stops that hit a running learner (seed %d)", seed)
                .isGreaterThanOrEqualTo(KILLS);
        Ledger ledger = new Ledger(LearnerHarness.trainedGroups(checkpoints),
                LearnerHarness.readAll(cluster, topics.stale()),
                LearnerHarness.readAll(cluster, topics.deadLetters()), learnerId);
        ledger.check(written, seed);
        assertThat(new CheckpointStore(checkpoints, 0).latest().orElseThrow().state().version())
                .as("one step per trained group (seed %d)", seed).isEqualTo(ledger.trained.size());
    }

    /** What was written, and where. */
    private record Written(Map<String, List<Member>> groups, List<Coordinates> garbage, String incomplete,
                           List<Member> incompleteMembers, Set<String> aborted) {
    }

    private record Member(String groupId, int index, boolean valid, Coordinates at) {
    }

    private record Coordinates(int partition, long offset) {
    }

    /**
     * Groups go to partition {@code g mod PARTITIONS}; each transaction takes one to three groups of one partition
     * and writes their members shuffled together, as one assembler task commits the groups it completed. Invalid
     * members (a NaN advantage), undecodable records, a group missing its last member and an aborted transaction are
     * mixed in.
     */
    private static Written writeAsTheAssemblerDoes(KafkaCluster cluster, String topic, Random random)
            throws Exception {
        Map<String, Object> config = cluster.producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, cluster.uniqueName("assembler"));
        Map<String, List<Member>> groups = new LinkedHashMap<>();
        List<Coordinates> garbage = new ArrayList<>();
        List<Member> incompleteMembers = new ArrayList<>();
        Set<String> aborted = new HashSet<>();
        String incomplete = "incomplete";
        List<List<Integer>> queues = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            queues.add(new ArrayList<>());
        }
        for (int g = 0; g < GROUPS; g++) {
            queues.get(g % PARTITIONS).add(g);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            int transaction = 0;
            while (queues.stream().anyMatch(q -> !q.isEmpty())) {
                List<Integer> open = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    if (!queues.get(p).isEmpty()) {
                        open.add(p);
                    }
                }
                int partition = open.get(random.nextInt(open.size()));
                List<Integer> queue = queues.get(partition);
                List<Integer> batch = new ArrayList<>(queue.subList(0, Math.min(queue.size(), 1 + random.nextInt(3))));
                queue.removeAll(batch);
                List<Pending> pending = new ArrayList<>();
                for (int g : batch) {
                    String id = "g" + g;
                    long policyVersion = random.nextInt(GROUPS / 3);
                    int invalid = random.nextInt(6) == 0 ? random.nextInt(GROUP_SIZE) : -1;
                    for (int index = 0; index < GROUP_SIZE; index++) {
                        AdvantageSample sample = index == invalid
                                ? LearnerHarness.sample(id, index, GROUP_SIZE, policyVersion, List.of(5, 6),
                                        List.of(-1f, -1f), Double.NaN)
                                : LearnerHarness.sample(id, index, GROUP_SIZE, policyVersion);
                        pending.add(new Pending(id, index, index != invalid, partition,
                                RecordSerdes.advantageSample().encode(sample)));
                    }
                }
                if (transaction == 3) {
                    for (int index = 0; index < GROUP_SIZE - 1; index++) {
                        pending.add(new Pending(incomplete, index, true, partition, RecordSerdes.advantageSample()
                                .encode(LearnerHarness.sample(incomplete, index, GROUP_SIZE, 0))));
                    }
                }
                if (transaction % 7 == 2) {
                    pending.add(new Pending(null, -1, false, partition, new byte[] {(byte) 0xC3, 0x01, 9, 9}));
                }
                Collections.shuffle(pending, random);
                if (transaction == 5) {
                    writeAborted(producer, topic, partition, aborted);
                }
                producer.beginTransaction();
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (Pending record : pending) {
                    byte[] key = (record.groupId == null ? "garbage" : record.groupId).getBytes(StandardCharsets.UTF_8);
                    sent.add(producer.send(new ProducerRecord<>(topic, partition, key, record.value)));
                }
                producer.commitTransaction();
                for (int i = 0; i < pending.size(); i++) {
                    Pending record = pending.get(i);
                    Coordinates at = new Coordinates(partition, sent.get(i).get().offset());
                    if (record.groupId == null) {
                        garbage.add(at);
                    } else if (record.groupId.equals(incomplete)) {
                        incompleteMembers.add(new Member(incomplete, record.index, true, at));
                    } else {
                        groups.computeIfAbsent(record.groupId, k -> new ArrayList<>())
                                .add(new Member(record.groupId, record.index, record.valid, at));
                    }
                }
                transaction++;
            }
        }
        return new Written(groups, garbage, incomplete, incompleteMembers, aborted);
    }

    private record Pending(String groupId, int index, boolean valid, int partition, byte[] value) {
    }

    private static void writeAborted(KafkaProducer<byte[], byte[]> producer, String topic, int partition,
                                     Set<String> aborted) {
        producer.beginTransaction();
        for (int g = 0; g < 2; g++) {
            String id = "aborted" + g;
            aborted.add(id);
            for (int index = 0; index < GROUP_SIZE; index++) {
                producer.send(new ProducerRecord<>(topic, partition, id.getBytes(StandardCharsets.UTF_8),
                        RecordSerdes.advantageSample().encode(LearnerHarness.sample(id, index, GROUP_SIZE, 0))));
            }
        }
        producer.flush();
        producer.abortTransaction();
    }

    /** Everything the learner left behind, and the checks against what was written. */
    private static final class Ledger {
        private final List<String> trained;
        private final List<AdvantageSample> stale;
        private final List<DeadLetter> deadLetters;

        Ledger(List<String> trained, List<ConsumerRecord<byte[], byte[]>> stale,
               List<ConsumerRecord<byte[], byte[]>> deadLetters, String learnerId) {
            this.trained = trained;
            this.stale = stale.stream().map(r -> RecordSerdes.advantageSample().decode(r)).toList();
            this.deadLetters = deadLetters.stream().map(r -> RecordSerdes.deadLetter().decode(r))
                    .filter(l -> l.getStage().toString().equals(learnerId)).toList();
        }

        void check(Written written, long seed) {
            assertThat(trained).as("groups trained along the final lineage (seed %d)", seed).doesNotHaveDuplicates();
            List<String> staleMembers = stale.stream().map(s -> s.getGroupId() + "/" + s.getIndex()).toList();
            assertThat(staleMembers).as("stale forwards (seed %d)", seed).doesNotHaveDuplicates();
            List<Coordinates> lettered = deadLetters.stream()
                    .map(l -> new Coordinates(l.getSourcePartition(), l.getSourceOffset())).toList();
            assertThat(lettered).as("dead letters (seed %d)", seed).doesNotHaveDuplicates();
            Map<Coordinates, String> errorTypes = deadLetters.stream().collect(Collectors.toMap(
                    l -> new Coordinates(l.getSourcePartition(), l.getSourceOffset()), l -> l.getErrorType().toString()));
            Set<String> staleSet = new HashSet<>(staleMembers);
            Set<String> trainedSet = new HashSet<>(trained);
            int expectedLetters = 0;
            int staleGroups = 0;
            for (Map.Entry<String, List<Member>> group : written.groups().entrySet()) {
                String id = group.getKey();
                for (Member member : group.getValue()) {
                    boolean isStale = staleSet.contains(id + "/" + member.index());
                    boolean isLettered = errorTypes.containsKey(member.at());
                    if (!member.valid()) {
                        expectedLetters++;
                        assertThat(errorTypes.get(member.at())).as("invalid member %s/%d (seed %d)", id,
                                member.index(), seed).isEqualTo("NON_FINITE_ADVANTAGE");
                        assertThat(isStale).isFalse();
                    } else if (trainedSet.contains(id)) {
                        assertThat(isStale || isLettered).as("member %s/%d of a trained group was also forwarded "
                                + "(seed %d)", id, member.index(), seed).isFalse();
                    } else {
                        assertThat(isStale).as("member %s/%d of an untrained group must be stale (seed %d)", id,
                                member.index(), seed).isTrue();
                        assertThat(isLettered).isFalse();
                    }
                }
                if (!trainedSet.contains(id)) {
                    staleGroups++;
                }
            }
            for (Coordinates garbage : written.garbage()) {
                expectedLetters++;
                assertThat(errorTypes).as("undecodable record at %s (seed %d)", garbage, seed).containsKey(garbage);
            }
            for (Member member : written.incompleteMembers()) {
                expectedLetters++;
                assertThat(errorTypes.get(member.at())).as("member %d of the incomplete group (seed %d)",
                        member.index(), seed).isEqualTo("INCOMPLETE_GROUP");
            }
            assertThat(trained).as("only written, committed, complete groups are trained (seed %d)", seed)
                    .allMatch(written.groups()::containsKey);
            assertThat(deadLetters).as("nothing else is dead-lettered (seed %d)", seed).hasSize(expectedLetters);
            assertThat(trainedSet.size() + staleGroups).isEqualTo(written.groups().size());
            assertThat(staleGroups).as("some groups were stale when read (seed %d)", seed).isPositive();
            assertThat(trained).as("some groups were trained (seed %d)", seed).isNotEmpty();
        }
    }

    private static Process start(KafkaCluster cluster, LearnerTopics topics, Path initial, Path checkpoints,
                                 String learnerId, Path dir, int run) throws Exception {
        return LearnerProcess.launch(dir.resolve("learner-" + run + ".err"), cluster.bootstrapServers(),
                topics.advantages(), topics.stale(), topics.policyVersions(), topics.deadLetters(), initial.toString(),
                checkpoints.toString(), learnerId, "0", "1", Integer.toString(MAX_STALENESS),
                Integer.toString(CHECKPOINT_EVERY), Long.toString(GROUP_TIMEOUT.toMillis()));
    }

    private static long endOfVersions(KafkaCluster cluster, LearnerTopics topics) {
        Map<String, Object> config = cluster.consumerConfig();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition versions = new TopicPartition(topics.policyVersions(), 0);
            return consumer.endOffsets(List.of(versions)).get(versions);
        }
    }

    /**
     * Waits until the learner has announced its resumed version (past {@code announcedBefore}) and then its outputs
     * and checkpoints have not changed for {@link #QUIET}: it has caught up.
     */
    private static void awaitQuiet(KafkaCluster cluster, LearnerTopics topics, Path checkpoints, Process learner,
                                   long announcedBefore) throws Exception {
        Map<String, Object> config = cluster.consumerConfig();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> outputs = new ArrayList<>();
            TopicPartition versions = new TopicPartition(topics.policyVersions(), 0);
            await("a version announced").forever().pollInterval(Duration.ofMillis(100))
                    .failFast("the last learner exited", () -> !learner.isAlive())
                    .until(() -> consumer.endOffsets(List.of(versions)).get(versions), end -> end > announcedBefore);
            for (String topic : List.of(topics.stale(), topics.deadLetters())) {
                consumer.partitionsFor(topic).forEach(p -> outputs.add(new TopicPartition(topic, p.partition())));
            }
            Object last = null;
            Instant since = Instant.now();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (Duration.between(since, Instant.now()).compareTo(QUIET) < 0) {
                assertThat(learner.isAlive()).as("the last learner is running").isTrue();
                assertThat(Instant.now()).as("the learner caught up within 3 minutes").isBefore(deadline);
                Object now = List.of(consumer.endOffsets(outputs), new CheckpointStore(checkpoints, 0).latest()
                        .map(c -> c.state().version()).orElse(-1L));
                if (!now.equals(last)) {
                    last = now;
                    since = Instant.now();
                }
                Thread.sleep(300);
            }
        }
    }
}
