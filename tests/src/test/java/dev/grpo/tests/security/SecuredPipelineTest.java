package dev.grpo.tests.security;

import dev.grpo.cli.GrpoCommand;
import dev.grpo.cli.acls.PipelineAcls;
import dev.grpo.cli.acls.StagePrincipals;
import dev.grpo.coderewards.CodeRewardConfig;
import dev.grpo.coderewards.CodeRewardStage;
import dev.grpo.policy.SamplingConfig;
import dev.grpo.producers.Generator;
import dev.grpo.producers.GeneratorConfig;
import dev.grpo.producers.PromptOrigin;
import dev.grpo.producers.PromptTemplate;
import dev.grpo.records.AdvantageSample;
import dev.grpo.records.PolicyVersion;
import dev.grpo.records.Prompt;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.streams.GroupAssemblerApp;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.RewardTopicCheck;
import dev.grpo.streams.StreamAppConfig;
import dev.grpo.streams.StreamsApp;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.coderewards.CodeRollouts;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.SecuredKafkaCluster;
import dev.grpo.tests.kafka.SecuredKafkaClusterExtension;
import dev.grpo.tests.producers.TinyCheckpoints;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;

import static dev.grpo.tests.coderewards.CodeRollouts.ADD_SPEC;
import static dev.grpo.tests.coderewards.CodeRollouts.CORRECT;
import static dev.grpo.tests.coderewards.CodeRollouts.WRONG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on a SASL_SSL broker with ACLs, each stage logged in as its own principal with nothing but the
 * ACLs {@link PipelineAcls} documents for it: the administrator creates the topics with {@code grpo topics create}
 * and loads prompts; the generator samples math and code groups with a tiny policy; the code-reward stage scores the
 * code rollouts; the rewards stage (rules in the group assembler, code scores awaited for code tasks) publishes
 * advantages; and the learner ({@code grpo learn --kafka-config}) trains on them and publishes a new policy version. A
 * missing ACL stops a stage with an authorization error, so the documented set is shown to be sufficient.
 */
@ExtendWith(SecuredKafkaClusterExtension.class)
class SecuredPipelineTest {

    private static final String LEARNER = "learner";
    private static final int GENERATED_GROUP_SIZE = 2;
    private static final Map<String, String> PASSWORDS = Map.of("gen", "gen-secret", "rew", "rew-secret",
            "lrn", "lrn-secret", "code", "code-secret");
    private static final StagePrincipals PRINCIPALS = new StagePrincipals("User:gen", "User:rew", "User:lrn",
            Map.of("code", "User:code"));
    private static final RewardConfig MIXED = RewardConfig.defaults().with(Map.of("weight.code", "1.0",
            "tasks.code", "code", "tasks.accuracy", "arithmetic"));

    @TempDir
    Path dir;

    @Test
    void everyStageRunsEndToEndWithOnlyItsOwnCredentials(SecuredKafkaCluster cluster) throws Exception {
        String namespace = cluster.asAdmin().uniqueName("secured") + ".";
        cluster.createUsers(PASSWORDS);
        cluster.createAcls(new PipelineAcls(namespace, LEARNER).all(PRINCIPALS));
        grpo("topics", "create", "-b", servers(cluster), "--kafka-config",
                propertiesFile(cluster, "admin", cluster.listener().adminPassword()).toString(), "--topic-prefix",
                namespace, "--partitions", "2", "--reward", "code");
        StreamTopics topics = new StreamTopics(namespace);
        publishPrompts(cluster, topics.prefix() + TopicCatalogue.PROMPTS.name());
        TinyCheckpoints.write(dir.resolve("policy"), 0);

        try (CodeRewardStageRun code = new CodeRewardStageRun(CodeRewardStage.sandboxed(
                CodeRewardConfig.builder(login(cluster, "code", namespace)).workers(1).build()));
                StreamsApp rewards = rewards(login(cluster, "rew", namespace));
                Generator generator = Generator.start(generatorConfig(login(cluster, "gen", namespace)),
                        new SimpleMeterRegistry())) {
            publishCodeGroup(login(cluster, "gen", namespace), topics.rollouts());

            Runnable stagesRun = () -> {
                assertThat(code.failure()).as("the code-reward stage runs").isEmpty();
                assertThat(rewards.state()).as("the rewards stage runs")
                        .isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
                assertThat(generator.drained()).as("the generator runs").isNotCompleted();
            };
            List<AdvantageSample> advantages = awaitRecords(cluster, topics.advantages(),
                    RecordSerdes.advantageSample()::decode, all -> all.stream().map(AdvantageSample::getGroupId)
                            .map(CharSequence::toString).distinct().count() >= 5, stagesRun);
            assertThat(advantages).as("advantages of the hand-written code group, scored by the code-reward stage")
                    .filteredOn(sample -> sample.getGroupId().toString().equals("handwritten"))
                    .extracting(sample -> sample.getRewardComponents().get("code"))
                    .containsExactlyInAnyOrder(1.0, 0.0);
            assertThat(advantages).as("advantages of the generator's groups")
                    .anySatisfy(sample -> assertThat(sample.getGroupId().toString()).endsWith("-secured-gen"));

            grpo("learn", "-b", servers(cluster), "--kafka-config", propertiesFile(cluster, "lrn",
                    PASSWORDS.get("lrn")).toString(), "--topic-prefix", namespace, "--learner-id", LEARNER, "--model",
                    TinyCheckpoints.directory(dir.resolve("policy"), 0).toString(), "--checkpoint-dir",
                    dir.resolve("learner").toString(), "--groups-per-step", "2", "--max-steps", "1", "--kl-coef", "0",
                    "--max-staleness", "1000000", "--device", "cpu");
            // A record the assembler dead-letters after the learner's checkpoint: restarted, the learner reads back
            // the dead-letter topic from its checkpoint on (what it forwarded since), so its login must allow that.
            publishJunk(login(cluster, "gen", namespace), topics.rollouts());
            awaitRecords(cluster, topics.deadLetters(), record -> record, letters -> !letters.isEmpty(), stagesRun);
            grpo("learn", "-b", servers(cluster), "--kafka-config", propertiesFile(cluster, "lrn",
                    PASSWORDS.get("lrn")).toString(), "--topic-prefix", namespace, "--learner-id", LEARNER,
                    "--checkpoint-dir", dir.resolve("learner").toString(), "--groups-per-step", "2", "--max-steps", "2",
                    "--kl-coef", "0", "--max-staleness", "1000000", "--device", "cpu");
        }
        List<PolicyVersion> versions = awaitRecords(cluster, topics.prefix() + TopicCatalogue.POLICY_VERSIONS.name(),
                RecordSerdes.policyVersion()::decode, all -> all.size() >= 2, () -> { });
        assertThat(versions).as("the learner trained a step, published it, and after a restart trained another")
                .anySatisfy(version -> assertThat(version.getVersion()).isGreaterThanOrEqualTo(2));
    }

    /** Only {@code user}'s login: what that stage's {@code --kafka-config} file would hold. */
    private static KafkaClusterConfig login(SecuredKafkaCluster cluster, String user, String namespace) {
        return new KafkaClusterConfig(servers(cluster), cluster.listener().securityConfig(user, PASSWORDS.get(user)),
                namespace);
    }

    private static String servers(SecuredKafkaCluster cluster) {
        return cluster.listener().bootstrapServers();
    }

    private Path propertiesFile(SecuredKafkaCluster cluster, String user, String password) {
        Properties properties = new Properties();
        properties.putAll(cluster.listener().securityConfig(user, password));
        Path file = dir.resolve(user + ".properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Three arithmetic prompts and one code prompt, loaded by the administrator as {@code grpo prompts load} would. */
    private static void publishPrompts(SecuredKafkaCluster cluster, String topic) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.asAdmin().producerConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 4; i++) {
                boolean code = i == 3;
                Prompt prompt = Prompt.newBuilder().setPromptId("p" + i).setText(code ? "a+b?" : i + "+1=")
                        .setGroundTruth(code ? "" : Integer.toString(i + 1)).setLanguage("en")
                        .setTask(code ? "code" : "arithmetic").setVerification(code ? ADD_SPEC : null)
                        .setCreatedAt(Instant.now()).build();
                producer.send(new ProducerRecord<>(topic, bytes(prompt.getPromptId()), RecordSerdes.prompt().encode(prompt)));
            }
            producer.flush();
        }
    }

    /** A producer logged in as the generator's principal, as a test stand-in for one of its instances. */
    private static KafkaProducer<byte[], byte[]> producer(KafkaClusterConfig generator, String instance) {
        return new KafkaProducer<>(generator.client("test-generator", instance,
                Map.of(ProducerConfig.ACKS_CONFIG, "all")), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Bytes that are no rollout, written as the generator's principal. */
    private static void publishJunk(KafkaClusterConfig generator, String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(generator, "1")) {
            producer.send(new ProducerRecord<>(topic, bytes("junk"), bytes("not a rollout")))
                    .get(KafkaCluster.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** A code group with a right and a wrong program, written as the generator's principal. */
    private static void publishCodeGroup(KafkaClusterConfig generator, String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(generator, "0")) {
            List<String> programs = List.of(CORRECT, WRONG);
            for (int i = 0; i < programs.size(); i++) {
                Rollout rollout = Rollout.newBuilder(CodeRollouts.rollout("handwritten", i, programs.get(i), ADD_SPEC))
                        .setGroupSize(programs.size()).build();
                producer.send(new ProducerRecord<>(topic, bytes("handwritten"), RecordSerdes.rollout().encode(rollout)))
                        .get(KafkaCluster.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /** The rewards stage as {@code grpo rewards} runs it: reward topics checked, then the assembler scoring rules. */
    private StreamsApp rewards(KafkaClusterConfig rewards) throws InterruptedException {
        StreamTopics topics = new StreamTopics(rewards.topicPrefix());
        try (Admin admin = Admin.create(rewards.client("grpo-rewards", "check", Map.of()))) {
            RewardTopicCheck.of(MIXED, topics).verify(admin, KafkaCluster.PATIENCE);
        }
        StreamsApp app = new GroupAssemblerApp(StreamAppConfig.of(rewards, GroupAssemblerApp.APPLICATION_ID,
                dir.resolve("rewards")), MIXED, topics, true).start();
        long deadline = System.nanoTime() + KafkaCluster.PATIENCE.toNanos();
        while (app.state() != KafkaStreams.State.RUNNING) {
            assertThat(System.nanoTime() < deadline && app.state() != KafkaStreams.State.ERROR
                    && app.state() != KafkaStreams.State.PENDING_ERROR).as("the rewards stage starts: " + app.state())
                    .isTrue();
            Thread.sleep(50);
        }
        return app;
    }

    private GeneratorConfig generatorConfig(KafkaClusterConfig generator) {
        return GeneratorConfig.builder("secured-gen").cluster(generator).learnerId(LEARNER)
                .origin(new PromptOrigin.PromptTopic()).template(PromptTemplate.PLAIN)
                .groupSize(GENERATED_GROUP_SIZE).groupsPerStep(1).maxStaleness(1_000_000).maxConcurrentGroups(2)
                .sampling(new SamplingConfig(1f, 1f, 4)).seed(7)
                .initialCheckpoint(TinyCheckpoints.directory(dir.resolve("policy"), 0)).build();
    }

    /**
     * Reads {@code topic} as the admin until what it holds satisfies {@code enough}; {@code stagesRun} fails the test
     * at once when a stage that should fill it has stopped (e.g. refused for want of an ACL).
     */
    private static <T> List<T> awaitRecords(SecuredKafkaCluster cluster, String topic,
            Function<ConsumerRecord<byte[], byte[]>, T> decode, Predicate<List<T>> enough, Runnable stagesRun)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            stagesRun.run();
            List<T> records = cluster.asAdmin().readToEnd(topic).stream().map(decode).toList();
            if (enough.test(records) || System.nanoTime() > deadline) {
                assertThat(enough.test(records)).as(topic + " in time: " + records).isTrue();
                return records;
            }
            Thread.sleep(200);
        }
    }

    private static byte[] bytes(CharSequence text) {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Runs a {@code grpo} command in this JVM; its one-line error, if it fails, fails the test. */
    private static void grpo(String... args) {
        StringWriter err = new StringWriter();
        int exit = GrpoCommand.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).setColorScheme(picocli.CommandLine.Help.defaultColorScheme(Ansi.OFF))
                .execute(args);
        assertThat(exit).as("grpo " + args[0] + ": " + err).isZero();
    }

    /** The code-reward stage running on a thread of its own until closed. */
    private static final class CodeRewardStageRun implements AutoCloseable {

        private final CodeRewardStage stage;
        private final CompletableFuture<Void> running;

        CodeRewardStageRun(CodeRewardStage stage) {
            this.stage = stage;
            this.running = CompletableFuture.runAsync(stage::run);
        }

        /** How the stage failed, if it stopped. */
        Optional<Throwable> failure() {
            return running.isCompletedExceptionally() ? Optional.of(running.handle((v, e) -> e).join())
                    : Optional.empty();
        }

        @Override
        public void close() throws Exception {
            stage.close();
            running.get(60, TimeUnit.SECONDS);
        }
    }
}
