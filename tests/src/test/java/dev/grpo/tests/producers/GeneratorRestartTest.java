package dev.grpo.tests.producers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.producers.Generator;
import dev.grpo.producers.GeneratorConfig;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generators reading the prompts topic share one consumer group, whose members are static, named after their
 * generator ids: a generator SIGKILLed and started again under its id takes its prompt partitions back at once
 * instead of waiting out the dead member's 45 s session; a generator stopped cleanly leaves the group, so another
 * takes its partitions at once; and of two live generators under one id the older stops, with one line that names
 * the id. Admission never waits here (B = 1, η = 1,000,000, no learner), so what is timed is the prompt consumer's
 * group membership, plus the start of a JVM or a generator.
 */
@ExtendWith(KafkaClusterExtension.class)
class GeneratorRestartTest {

    /** The consumer's default {@code session.timeout.ms}, which a restart used to wait out. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(45);
    /** Well under the session timeout, with room for a JVM and a model to start on a loaded 2-core machine. */
    private static final Duration QUICK = Duration.ofSeconds(30);
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final int PROMPTS = 200;

    @TempDir
    Path dir;

    @Test
    void aGeneratorSigkilledAndRestartedUnderItsIdPublishesAgainWellWithinTheSessionTimeout(KafkaCluster kafka)
            throws Exception {
        GeneratorSetup setup = setup(kafka);
        setup.publishPrompts(0, PROMPTS);
        double firstStart;
        double restart;
        try (RolloutWatch rollouts = new RolloutWatch(kafka, setup.topics.rollouts())) {
            long started = System.nanoTime();
            Process first = GeneratorProcess.launch(dir.resolve("first.err"), setup, "restarted");
            try {
                firstStart = seconds(started, rollouts.awaitFirst(rollout -> true, PATIENCE,
                        () -> "from the first run; its stderr:\n" + stderr("first.err")));
                rollouts.awaitCount(3 * GeneratorProcess.GROUP_SIZE, PATIENCE);
            } finally {
                first.destroyForcibly().waitFor();
            }
            setup.publishPrompts(PROMPTS, PROMPTS);
            long firstNewSlot = setup.claimsLogEnd();

            started = System.nanoTime();
            Process again = GeneratorProcess.launch(dir.resolve("again.err"), setup, "restarted");
            try {
                restart = seconds(started, rollouts.awaitFirst(
                        rollout -> GeneratorSetup.slot(rollout.getGroupId()) >= firstNewSlot, PATIENCE,
                        () -> "claimed after the restart; its stderr:\n" + stderr("again.err")));
            } finally {
                stopCleanly(again);
            }
        }
        System.out.printf("GENERATOR-RESTART first rollout %.1f s after the first start, %.1f s after the restart "
                + "following SIGKILL (session timeout %d s)%n", firstStart, restart, SESSION_TIMEOUT.toSeconds());

        assertThat(restart).as("seconds from the restarted JVM's start to its first rollout").isLessThan(
                QUICK.toSeconds());
    }

    @Test
    void aGeneratorStoppedCleanlyHandsItsPromptsToAnotherAtOnce(KafkaCluster kafka) throws Exception {
        GeneratorSetup setup = setup(kafka);
        setup.publishPrompts(0, PROMPTS);
        double handover;
        try (RolloutWatch rollouts = new RolloutWatch(kafka, setup.topics.rollouts())) {
            Process leaving = GeneratorProcess.launch(dir.resolve("leaving.err"), setup, "leaving");
            try {
                rollouts.awaitCount(3 * GeneratorProcess.GROUP_SIZE, PATIENCE);
            } finally {
                stopCleanly(leaving);
            }
            setup.publishPrompts(PROMPTS, PROMPTS);
            long started = System.nanoTime();
            try (Generator successor = Generator.start(config(setup, "successor"), new SimpleMeterRegistry())) {
                handover = seconds(started, rollouts.awaitFirst(rollout -> rollout.getGeneratorId().equals(
                        "successor"), PATIENCE, () -> "from the successor"));
            }
        }
        System.out.printf("GENERATOR-HANDOVER first rollout of another generator %.1f s after it started, once the "
                + "first had stopped cleanly (session timeout %d s)%n", handover, SESSION_TIMEOUT.toSeconds());

        assertThat(handover).as("seconds from the successor's start to its first rollout").isLessThan(
                QUICK.toSeconds());
    }

    @Test
    void ofTwoLiveGeneratorsUnderOneIdTheOlderStopsWithOneLineNamingTheId(KafkaCluster kafka) throws Exception {
        GeneratorSetup setup = setup(kafka);
        setup.publishPrompts(0, PROMPTS);
        Process older = GeneratorProcess.launch(dir.resolve("older.err"), setup, "twin");
        try (RolloutWatch rollouts = new RolloutWatch(kafka, setup.topics.rollouts())) {
            rollouts.awaitCount(3 * GeneratorProcess.GROUP_SIZE, PATIENCE);
            try (Generator younger = Generator.start(config(setup, "twin"), new SimpleMeterRegistry())) {
                assertThat(older.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                        .as("the older generator stopped; its stderr:%n%s", stderr("older.err")).isTrue();
                setup.publishPrompts(PROMPTS, PROMPTS);
                long firstNewSlot = setup.claimsLogEnd();
                rollouts.awaitFirst(rollout -> GeneratorSetup.slot(rollout.getGroupId()) >= firstNewSlot, PATIENCE,
                        () -> "from the younger generator, once the older had stopped");
                assertThat(younger.drained()).as("the younger generator runs on").isNotDone();
            }
        } finally {
            older.destroyForcibly().waitFor();
        }

        String stderr = stderr("older.err");
        assertThat(older.exitValue()).as("the older generator's exit status; its stderr:%n%s", stderr).isEqualTo(1);
        assertThat(stderr).contains(GeneratorProcess.FAILED + "generator id twin is in use by another generator")
                .contains("give every generator its own --generator-id")
                .as("no stack trace").doesNotContain("\tat ");
    }

    private static GeneratorConfig config(GeneratorSetup setup, String generatorId) {
        return GeneratorProcess.config(setup.kafka.bootstrapServers(), setup.topics,
                TinyCheckpoints.directory(setup.checkpoints, 0), generatorId);
    }

    private GeneratorSetup setup(KafkaCluster kafka) {
        GeneratorSetup setup = new GeneratorSetup(kafka, dir.resolve("checkpoints"));
        TinyCheckpoints.write(setup.checkpoints, 0);
        return setup;
    }

    /** SIGTERM, as Ctrl-C: the generator drains and leaves the group, so no later test waits for it. */
    private static void stopCleanly(Process generator) throws InterruptedException {
        generator.destroy();
        if (!generator.waitFor(60, TimeUnit.SECONDS)) {
            generator.destroyForcibly().waitFor();
        }
    }

    private String stderr(String name) {
        try {
            Path file = dir.resolve(name);
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }
}
