package dev.grpo.tests.producers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.producers.Generator;
import dev.grpo.producers.GeneratorConfig;
import dev.grpo.producers.PromptOrigin;
import dev.grpo.producers.internal.prompts.PromptSource;
import dev.grpo.producers.PromptSources;
import dev.grpo.records.Rollout;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Sinks;

/**
 * A generator killed between a granted claim and publishing holds its slot only for its claim's lease: at η = 0, where
 * that slot is one of the B groups the learner needs for its next step, another generator gets the slot back and the
 * learner steps within the lease plus a margin; and no group is sampled or trained more than η versions stale.
 */
@ExtendWith(KafkaClusterExtension.class)
class ClaimLeaseTest {

    private static final int GROUP_SIZE = 2;
    private static final int GROUPS_PER_STEP = 2;
    private static final int MAX_STALENESS = 0;
    private static final long LAST_VERSION = 3;
    private static final Duration LEASE = Duration.ofSeconds(3);
    /** Starting a generator (clients, weights) and a few tiny groups, on a busy two-core machine. */
    private static final Duration MARGIN = Duration.ofSeconds(20);
    private static final String DOOMED = "gen-a";
    private static final String SURVIVOR = "gen-b";

    @TempDir
    Path dir;

    @Test
    void aGeneratorStartedAfterTheKillGetsTheDeadSlotBackOnceTheLeaseEnds(KafkaCluster kafka) throws Exception {
        GeneratorSetup setup = new GeneratorSetup(kafka, dir.resolve("checkpoints"));
        Map<Long, String> shas = writeCheckpoints(setup);

        long deadSlot = claimAndDie(kafka, setup);
        long killed = System.nanoTime();
        Run run;
        try (StandInLearner learner = learner(setup, shas);
                Generator survivor = Generator.start(survivorConfig(setup), new SimpleMeterRegistry())) {
            run = finish(kafka, setup, learner, survivor, deadSlot, killed);
        }

        assertThat(run.firstStepAfterKill()).isLessThan(LEASE.plus(MARGIN));
        run.assertWithinTheBound();
        run.assertTheDeadClaimWasNeitherPublishedNorCountedForGood();
    }

    @Test
    void aGeneratorWaitingForRoomReleasesTheDeadSlotWithAClaimOnceTheLeaseEnds(KafkaCluster kafka) throws Exception {
        GeneratorSetup setup = new GeneratorSetup(kafka, dir.resolve("checkpoints"));
        Map<Long, String> shas = writeCheckpoints(setup);
        GeneratorConfig config = survivorConfig(setup);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PromptSource prompts = PromptSources.open(config, registry);
        // the survivor runs before the doomed claim but claims nothing until the prompts flow, after the kill
        Sinks.Empty<Void> promptsFlow = Sinks.empty();
        PromptSource heldBack = () -> prompts.prompts().delaySubscription(promptsFlow.asMono());
        Run run;
        try (StandInLearner learner = learner(setup, shas);
                Generator survivor = Generator.start(config, heldBack, registry)) {
            long deadSlot = claimAndDie(kafka, setup);
            long killed = System.nanoTime();
            promptsFlow.tryEmitEmpty();
            run = finish(kafka, setup, learner, survivor, deadSlot, killed);
        }

        assertThat(run.firstStepAfterKill()).isLessThan(LEASE.plus(MARGIN));
        run.assertWithinTheBound();
        run.assertTheDeadClaimWasNeitherPublishedNorCountedForGood();
        ConsumerRecord<String, String> releasing = run.firstRecordAtOrAfterTheLeaseEnd();
        assertThat(releasing.key()).isEqualTo(SURVIVOR);
        assertThat(releasing.value()).as("a claim, not a marker").containsOnlyDigits();
        assertThat(run.survivorsClaims().stream().filter(claim -> claim.offset() < releasing.offset()))
                .as("the survivor's claims while the dead one held its slot (one granted, then it waited)")
                .hasSize(1);
        assertThat(run.voidClaims()).as("claims that found no room: the waiting survivor did not flood the log")
                .isLessThanOrEqualTo(3);
    }

    private static Map<Long, String> writeCheckpoints(GeneratorSetup setup) {
        Map<Long, String> shas = new HashMap<>();
        for (long version = 0; version <= LAST_VERSION; version++) {
            shas.put(version, TinyCheckpoints.write(setup.checkpoints, version));
        }
        return shas;
    }

    private static StandInLearner learner(GeneratorSetup setup, Map<Long, String> shas) {
        return new StandInLearner(setup, GROUP_SIZE, GROUPS_PER_STEP, GROUPS_PER_STEP, LAST_VERSION, shas);
    }

    private static GeneratorConfig survivorConfig(GeneratorSetup setup) {
        return setup.builder(SURVIVOR, new PromptOrigin.SyntheticTask(2), GROUP_SIZE, GROUPS_PER_STEP, MAX_STALENESS,
                2).claimLease(LEASE).build();
    }

    /** Waits for the learner's first step and its last, closes the survivor and reads what the run left in Kafka. */
    private static Run finish(KafkaCluster kafka, GeneratorSetup setup, StandInLearner learner, Generator survivor,
                              long deadSlot, long killed) throws InterruptedException {
        learner.awaitVersion(1, LEASE.plus(MARGIN).minus(Duration.ofNanos(System.nanoTime() - killed)));
        Duration firstStep = Duration.ofNanos(System.nanoTime() - killed);
        System.err.printf("CLAIM-LEASE first learner step %.2f s after the kill (lease %d s)%n",
                firstStep.toMillis() / 1000.0, LEASE.toSeconds());
        learner.awaitLastVersion(Duration.ofSeconds(60));
        survivor.close();
        long published = survivor.metrics().groups();
        List<Rollout> rollouts = setup.rollouts((int) published * GROUP_SIZE);
        // every group is one claim and one marker, plus the dead claim and any void claims
        List<ConsumerRecord<String, String>> log = kafka.read(setup.topics.claims(), 2 * (int) published + 1,
                new StringDeserializer(), new StringDeserializer(), Map.of());
        return new Run(firstStep, learner.trained(), rollouts, log, deadSlot, published,
                (long) survivor.metrics().droppedGroups().count());
    }

    /** What one run left: the learner's steps, the rollouts, the claims log. */
    private record Run(Duration firstStepAfterKill, List<StandInLearner.Trained> trained, List<Rollout> rollouts,
                       List<ConsumerRecord<String, String>> log, long deadSlot, long published, long dropped) {

        void assertWithinTheBound() {
            assertThat(trained).hasSize((int) (LAST_VERSION * GROUPS_PER_STEP));
            assertThat(trained).allSatisfy(group -> assertThat(group.staleness()).isBetween(0L, (long) MAX_STALENESS));
            Map<Long, Long> groupsPerVersion = rollouts.stream().filter(r -> r.getIndex() == 0).collect(
                    Collectors.groupingBy(Rollout::getPolicyVersion, TreeMap::new, Collectors.counting()));
            assertThat(groupsPerVersion.keySet()).as("only versions the learner announced").allSatisfy(
                    version -> assertThat(version).isBetween(0L, LAST_VERSION));
            for (long version = 0; version <= LAST_VERSION; version++) {
                assertThat(groupsPerVersion.getOrDefault(version, 0L)).as("groups sampled with version %d", version)
                        .isLessThanOrEqualTo(GROUPS_PER_STEP);
            }
        }

        void assertTheDeadClaimWasNeitherPublishedNorCountedForGood() {
            assertThat(log).as("stamped by the broker").allSatisfy(
                    record -> assertThat(record.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME));
            assertThat(log.get((int) deadSlot).key()).isEqualTo(DOOMED);
            assertThat(rollouts).extracting(Rollout::getGeneratorId).containsOnly(SURVIVOR);
            assertThat(log).extracting(ConsumerRecord::value).doesNotContain("published:" + deadSlot);
            Instant leaseEnd = leaseEnd();
            assertThat(rollouts).as("a group in a slot claimed once the dead claim's lease had ended").anySatisfy(r ->
                    assertThat(Instant.ofEpochMilli(log.get((int) GeneratorSetup.slot(r.getGroupId())).timestamp()))
                            .isAfterOrEqualTo(leaseEnd));
        }

        Instant leaseEnd() {
            return Instant.ofEpochMilli(log.get((int) deadSlot).timestamp()).plus(LEASE);
        }

        ConsumerRecord<String, String> firstRecordAtOrAfterTheLeaseEnd() {
            return log.stream().filter(r -> !Instant.ofEpochMilli(r.timestamp()).isBefore(leaseEnd())).findFirst()
                    .orElseThrow();
        }

        List<ConsumerRecord<String, String>> survivorsClaims() {
            return log.stream().filter(r -> r.key().equals(SURVIVOR) && !r.value().startsWith("published:")).toList();
        }

        long voidClaims() {
            return survivorsClaims().size() - published - dropped;
        }
    }

    /** Runs a generator's admission in a child JVM, waits for its granted claim, and kills it forcibly. */
    private long claimAndDie(KafkaCluster kafka, GeneratorSetup setup) throws Exception {
        Path errors = dir.resolve(DOOMED + ".err");
        Process doomed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ClaimingGeneratorProcess.class.getName(),
                kafka.bootstrapServers(), setup.topics.claims(), DOOMED, Integer.toString(GROUPS_PER_STEP),
                Integer.toString(MAX_STALENESS), Long.toString(LEASE.toMillis()))
                .redirectError(errors.toFile())
                .start();
        try {
            String granted = grantLines(doomed).poll(60, TimeUnit.SECONDS);
            assertThat(granted).as("the doomed generator's claim was granted; its stderr:%n%s",
                    Files.exists(errors) ? Files.readString(errors) : "").isNotNull();
            return Long.parseLong(granted.substring(ClaimingGeneratorProcess.GRANTED.length()));
        } finally {
            doomed.destroyForcibly().waitFor();
        }
    }

    /** Lines {@code GRANTED <slot>} of the child's output, as they come. */
    private static BlockingQueue<String> grantLines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                in.lines().filter(line -> line.startsWith(ClaimingGeneratorProcess.GRANTED)).forEach(lines::add);
            } catch (IOException | UncheckedIOException e) {
                // the process was killed; its output simply ends
            }
        }, "claiming-generator-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
