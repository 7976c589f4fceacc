package dev.grpo.tests.producers;

import dev.grpo.producers.Generator;
import dev.grpo.producers.GeneratorConfig;
import dev.grpo.producers.GeneratorTopics;
import dev.grpo.producers.PromptOrigin;
import dev.grpo.producers.PromptTemplate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

/**
 * A generator reading the prompts topic in a JVM of its own, so a test can kill it, stop it as Ctrl-C does, or start
 * a second one under the same id: {@code GeneratorProcess BOOTSTRAP PROMPTS ROLLOUTS VERSIONS CLAIMS CHECKPOINT
 * GENERATOR_ID}. Groups of {@value #GROUP_SIZE} with B = 1 and η = {@value #MAX_STALENESS} and no learner: version 0
 * admits that many groups, so admission never waits in these tests, however many claims a killed generator left
 * unpublished. SIGTERM drains and stops it, as {@code grpo generate} does on Ctrl-C; a failure prints
 * {@code FAILED <message>} to standard error and exits with 1.
 */
public final class GeneratorProcess {

    static final int GROUP_SIZE = 2;
    static final int MAX_STALENESS = 1_000_000;
    /** The prefix of the line printed when the generator fails. */
    static final String FAILED = "FAILED ";

    private GeneratorProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        GeneratorConfig config = config(args[0], new GeneratorTopics(args[1], args[2], args[3], args[4]),
                Path.of(args[5]), args[6]);
        CountDownLatch closed = new CountDownLatch(1);
        int status = 0;
        try (Generator generator = Generator.start(config, new SimpleMeterRegistry())) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                generator.stop();
                awaitQuietly(closed);
            }, "generator-process-shutdown"));
            generator.drained().join();
        } catch (CompletionException e) {
            System.err.println(FAILED + e.getCause().getMessage());
            status = 1;
        } finally {
            closed.countDown();
        }
        System.exit(status);
    }

    /** The configuration of every generator these tests run, in this JVM or a child. */
    static GeneratorConfig config(String servers, GeneratorTopics topics, Path checkpoint, String generatorId) {
        return GeneratorConfig.builder(generatorId).bootstrapServers(servers).learnerId(GeneratorSetup.LEARNER)
                .origin(new PromptOrigin.PromptTopic()).template(PromptTemplate.PLAIN).groupSize(GROUP_SIZE)
                .groupsPerStep(1).maxStaleness(MAX_STALENESS).maxConcurrentGroups(2)
                .sampling(GeneratorSetup.SAMPLING).seed(generatorId.hashCode()).initialCheckpoint(checkpoint)
                .topics(topics).build();
    }

    /**
     * Starts a generator process with this JVM's class path.
     *
     * @param errorLog where its standard error goes
     * @return the process
     */
    static Process launch(Path errorLog, GeneratorSetup setup, String generatorId) throws IOException {
        GeneratorTopics topics = setup.topics;
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dgrpo.log.level=" + System.getProperty("grpo.log.level", "WARN"),
                "-cp", System.getProperty("java.class.path"), GeneratorProcess.class.getName(),
                setup.kafka.bootstrapServers(), topics.prompts(), topics.rollouts(), topics.policyVersions(),
                topics.claims(), TinyCheckpoints.directory(setup.checkpoints, 0).toString(), generatorId)
                .redirectError(errorLog.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
