package dev.grpo.workflow.demo;

import dev.grpo.learner.GrpoLearner;
import dev.grpo.learner.LearnerCheckpoints;
import dev.grpo.learner.LearnerConfig;
import dev.grpo.policy.CharTokenizer;
import dev.grpo.policy.IntraOpThreads;
import ai.djl.Device;
import dev.grpo.workflow.eval.EvalPrompt;
import dev.grpo.workflow.eval.EvalResult;
import dev.grpo.workflow.eval.EvalConfig;
import dev.grpo.workflow.eval.HeldOutEvaluation;
import dev.grpo.workflow.metrics.StageMetrics;
import dev.grpo.workflow.sft.SftTopic;
import dev.grpo.policy.ComputeDevice;
import dev.grpo.policy.SamplingConfig;
import dev.grpo.producers.Generator;
import dev.grpo.producers.GeneratorConfig;
import dev.grpo.producers.GeneratorMetrics;
import dev.grpo.producers.GeneratorTopics;
import dev.grpo.producers.PromptOrigin;
import dev.grpo.producers.PromptTemplate;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.StageTime;
import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.streams.GroupAssemblerApp;
import dev.grpo.streams.LanguageConsistencyReward;
import dev.grpo.streams.RejectionCriteria;
import dev.grpo.streams.RejectionSamplingApp;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.StreamAppConfig;
import dev.grpo.streams.StreamsApp;
import dev.grpo.streams.spi.StreamTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One R1-Zero-style demo run in this JVM: every stage is its own Kafka client (generators publish rollouts, the
 * rule-reward and assembler stream apps turn them into advantages, the learner reads only {@code grpo.advantages},
 * and the rejection-sampling filter turns the best completions into SFT examples on {@code grpo.sft}), with a
 * held-out evaluation before and after. {@link #stop()} (Ctrl-C) ends it after the learner's current step,
 * with a checkpoint a rerun resumes from.
 */
public final class DemoRun {

    /** The learner's id: key of its versions and its consumer group. */
    public static final String LEARNER_ID = "demo";

    /** Where the generators run when the settings name no device: a GPU when PyTorch sees one. */
    private static final String GENERATOR_DEVICE = "auto";

    /** Where the learner and the evaluations run when the settings name no device. */
    private static final String LEARNER_DEVICE = "cpu";

    /** How long the rejection-sampling filter gets to filter the last advantage samples after training. */
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final DemoConfig settings;
    private final PrintWriter err;
    private final StageMetrics metrics;
    private final AtomicReference<GrpoLearner> learner = new AtomicReference<>();
    private volatile boolean stopping;

    /** A run with {@code settings}, reporting progress on {@code err}, its stages recording into {@code metrics}. */
    public DemoRun(DemoConfig settings, PrintWriter err, StageMetrics metrics) {
        this.settings = settings;
        this.err = err;
        this.metrics = metrics;
    }

    /** A run with {@code settings}, reporting progress on {@code err}, its meters kept in memory. */
    public DemoRun(DemoConfig settings, PrintWriter err) {
        this(settings, err, StageMetrics.inMemory("demo", LEARNER_ID));
    }

    /** Runs to the last step and writes the report; empty when {@link #stop()} ended it early. */
    public Optional<DemoReport> run() throws InterruptedException {
        long started = System.nanoTime();
        HeldOutEvaluation evaluation = new HeldOutEvaluation(EvalConfig.paper(settings.evalK(), settings.maxNewTokens()),
                PromptTemplate.PLAIN);
        List<EvalPrompt> prompts = HeldOutEvaluation.heldOut(settings.evalPrompts());
        try (DemoCluster cluster = DemoCluster.open(settings.bootstrapServers(), settings.out().resolve("kafka"))) {
            cluster.installTopics();
            say("kafka at " + cluster.bootstrapServers() + "; evaluating the base model on " + prompts.size()
                    + " held-out prompts x " + settings.evalK() + " samples");
            EvalResult base = evaluation.evaluate(settings.baseCheckpoint(), prompts, evaluationDevice());
            say("base model:\n" + base.table());
            Training training;
            try (StreamsApp filter = started(new RejectionSamplingApp(streams(cluster.config(),
                    RejectionSamplingApp.APPLICATION_ID), RejectionCriteria.defaults(), StreamTopics.catalogue()).create())) {
                training = train(cluster.config());
                if (stopping) {
                    return Optional.empty();
                }
                if (!cluster.awaitConsumed(RejectionSamplingApp.APPLICATION_ID, TopicCatalogue.ADVANTAGES.name(), CATCH_UP)
                        || !cluster.awaitConsumed(RejectionSamplingApp.APPLICATION_ID,
                                RejectionSamplingApp.repartitionTopic(RejectionSamplingApp.APPLICATION_ID), CATCH_UP)) {
                    say("the rejection-sampling filter did not reach the end of " + TopicCatalogue.ADVANTAGES.name()
                            + " within " + CATCH_UP.toSeconds() + " s; counting what it wrote");
                }
            }
            long sftExamples = new SftTopic(cluster.config(), TopicCatalogue.SFT.name(), CATCH_UP)
                    .read(warning -> say("grpo.sft: " + warning)).size();
            say(sftExamples + " rejection-sampled SFT examples on " + TopicCatalogue.SFT.name());
            say("time of each stage while training:\n" + DemoStages.table(training.stageTimes()));
            if (settings.partialRollouts()) {
                say(training.rolloutsSpanningVersions() + " rollouts took a new version while being sampled");
            }
            Path finalCheckpoint = LearnerCheckpoints.in(learnerDirectory()).latestPolicy()
                    .orElseThrow(() -> new IllegalStateException(
                            "the learner left no checkpoint in " + learnerDirectory()));
            say("evaluating the final checkpoint " + finalCheckpoint);
            EvalResult last = evaluation.evaluate(finalCheckpoint, prompts, evaluationDevice());
            say("final model:\n" + last.table());
            Map<String, Long> offsets = cluster.endOffsets(List.of(TopicCatalogue.ROLLOUTS.name(),
                    TopicCatalogue.RULE_REWARDS.name(), TopicCatalogue.ADVANTAGES.name(), TopicCatalogue.STALE.name(),
                    TopicCatalogue.POLICY_VERSIONS.name()));
            DemoReport report = report(base, last, training, finalCheckpoint, offsets, sftExamples,
                    (System.nanoTime() - started) / 1e9);
            new ReportFolder(settings.out()).write(report);
            return Optional.of(report);
        }
    }

    /** Asks the run to end after the learner's current step; safe from any thread (a shutdown hook). */
    public void stop() {
        stopping = true;
        GrpoLearner running = learner.get();
        if (running != null) {
            running.close();
        }
    }

    /** The learner's steps, and how busy each stage was until the last step. */
    private record Training(TrainingCurve curve, Map<String, StageTime> stageTimes, long rolloutsSpanningVersions) {
    }

    private Training train(KafkaClusterConfig servers) throws InterruptedException {
        MeterRegistry registry = metrics.registry();
        TrainingCurve curve = new TrainingCurve();
        DemoStages stages = new DemoStages();
        ProgressLine progress = new ProgressLine(err, settings.steps(),
                () -> overAllGenerators(registry, GeneratorMetrics.TOKENS),
                stages::busyShares);
        Map<String, StageTime> stageTimes;
        RewardConfig rewards = RewardConfig.defaults().with(settings.languageReward() ? Map.of()
                : Map.of("weight." + LanguageConsistencyReward.NAME, "0"));
        try (StreamsApp assembler = started(new GroupAssemblerApp(streams(servers, GroupAssemblerApp.APPLICATION_ID),
                     rewards, StreamTopics.catalogue(), true).create());
             GrpoLearner trainer = new GrpoLearner(learnerConfig(servers), registry, step -> {
                 StepPoint point = StepPoint.of(step);
                 curve.add(point);
                 progress.show(point);
             })) {
            learner.set(trainer);
            stages.add(DemoStages.LEARNER, trainer::stageTime);
            if (stopping) {
                trainer.close();
            }
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread learnerThread = new Thread(() -> runCatching(trainer, settings.cores().learnerThreads(), failure),
                    "grpo-demo-learner");
            learnerThread.start();
            List<Generator> generators = startGenerators(servers, registry);
            for (int i = 0; i < generators.size(); i++) {
                stages.add(generatorId(i), generators.get(i).metrics()::stageTime);
            }
            try {
                learnerThread.join();
                stageTimes = stages.times();
            } finally {
                progress.finish();
                stopAll(generators);
            }
            if (failure.get() != null) {
                throw new IllegalStateException("the learner failed: " + failure.get().getMessage(), failure.get());
            }
        }
        return new Training(curve, stageTimes,
                (long) overAllGenerators(registry, GeneratorMetrics.PARTIAL_ROLLOUTS));
    }

    /** Starts {@code app} with its Kafka Streams metrics bound. */
    private StreamsApp started(StreamsApp app) {
        metrics.bind(app.streams(), app.applicationId());
        app.start();
        return app;
    }

    /** Runs the learner on the calling thread, with {@code threads} PyTorch threads of its own when positive. */
    private static void runCatching(GrpoLearner trainer, int threads, AtomicReference<Throwable> failure) {
        try {
            if (threads > 0) {
                IntraOpThreads.set(threads);
            }
            trainer.run();
        } catch (RuntimeException | Error e) {
            failure.set(e);
        }
    }

    private List<Generator> startGenerators(KafkaClusterConfig servers, MeterRegistry registry) throws InterruptedException {
        List<Generator> generators = new ArrayList<>();
        for (int i = 0; i < settings.generators(); i++) {
            long seed = settings.seed() + i;
            generators.add(Generator.start(GeneratorConfig.builder(generatorId(i)).cluster(servers)
                    .learnerId(LEARNER_ID).origin(new PromptOrigin.SyntheticTask(seed)).template(PromptTemplate.PLAIN)
                    .groupSize(settings.groupSize()).groupsPerStep(settings.groupsPerStep())
                    .maxStaleness(settings.maxStaleness()).maxConcurrentGroups(2)
                    .sampling(new SamplingConfig(settings.temperature(), 1.0f, settings.maxNewTokens())).seed(seed)
                    .initialCheckpoint(settings.baseCheckpoint()).swapRetry(Duration.ofSeconds(2))
                    .claimLease(settings.claimLease()).device(settings.device().orElse(GENERATOR_DEVICE))
                    .samplingThreads(settings.cores().generatorThreads()).partialRollouts(settings.partialRollouts())
                    .topics(GeneratorTopics.standard()).build(), registry));
        }
        return generators;
    }

    private static String generatorId(int index) {
        return "demo-gen-" + index;
    }

    private static void stopAll(List<Generator> generators) throws InterruptedException {
        generators.forEach(Generator::stop);
        for (Generator generator : generators) {
            generator.close();
        }
    }

    /** A generator counter summed over the demo's generators (one series each, tagged by generator id). */
    private static double overAllGenerators(MeterRegistry registry, String counter) {
        return registry.find(counter).counters().stream().mapToDouble(Counter::count).sum();
    }

    private StreamAppConfig streams(KafkaClusterConfig servers, String applicationId) {
        return new StreamAppConfig(servers, applicationId, settings.out().resolve("streams").resolve(applicationId), 1,
                Duration.ofMillis(100), Map.of());
    }

    private LearnerConfig learnerConfig(KafkaClusterConfig servers) {
        return LearnerConfig.builder(LEARNER_ID, servers, learnerDirectory())
                .initialCheckpoint(settings.baseCheckpoint()).pollTimeout(Duration.ofMillis(100))
                .groupsPerStep(settings.groupsPerStep()).maxStaleness(settings.maxStaleness())
                .maxSteps(settings.steps()).klCoefficient(settings.klCoefficient())
                .policyLoss(settings.policyLoss())
                .learningRate(settings.learningRate()).referenceRefreshSteps(0)
                .padTokenId(new CharTokenizer().padId()).device(settings.device().orElse(LEARNER_DEVICE))
                .seed(settings.seed()).build();
    }

    private Device evaluationDevice() {
        return ComputeDevice.parse(settings.device().orElse(LEARNER_DEVICE));
    }

    private Path learnerDirectory() {
        return settings.out().resolve("learner");
    }

    private DemoReport report(EvalResult base, EvalResult last, Training training, Path finalCheckpoint,
                              Map<String, Long> offsets, long sftExamples, double wallSeconds) {
        TrainingCurve curve = training.curve();
        List<StepPoint> points = curve.points();
        long steps = points.isEmpty() ? 0 : points.get(points.size() - 1).step();
        return new DemoReport(base.passAt1(), last.passAt1(), steps, wallSeconds, settings.maxStaleness(),
                curve.maxStalenessObserved(), curve.staleDropped(), curve.firstTenth(StepPoint::meanLength),
                curve.lastTenth(StepPoint::meanLength), curve.firstTenth(StepPoint::languageConsistency),
                curve.lastTenth(StepPoint::languageConsistency), settings.languageReward(), base, last,
                finalCheckpoint.toString(), offsets, sftExamples, curve.stalenessHistogram(), points,
                training.stageTimes(), settings.partialRollouts(), training.rolloutsSpanningVersions(),
                curve.meanTokenStaleness());
    }

    private void say(String line) {
        err.println(line);
        err.flush();
    }
}
