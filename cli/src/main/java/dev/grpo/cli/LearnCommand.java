package dev.grpo.cli;

import dev.grpo.cli.options.DurationText;
import dev.grpo.cli.kafka.KafkaConnection;
import dev.grpo.cli.metrics.MetricsOptions;
import dev.grpo.workflow.metrics.StageMetrics;
import dev.grpo.cli.options.DeviceOptions;
import dev.grpo.cli.options.ModelOptions;
import dev.grpo.cli.options.TorchThreadOptions;
import dev.grpo.learner.GrpoLearner;
import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.learner.LearnerConfig;
import dev.grpo.learner.KlEstimator;
import dev.grpo.learner.LossAggregation;
import dev.grpo.policy.CharTokenizer;
import dev.grpo.policy.ModelTokenizer;
import dev.grpo.policy.Tokenizer;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.schemas.TopicInstaller;
import dev.grpo.schemas.TopicSpec;
import dev.grpo.learner.PolicyLoss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code grpo learn}: runs the GRPO learner against a cluster until Ctrl-C (or {@code --max-steps}); Ctrl-C lets the
 * step in progress finish and writes a final checkpoint. With {@code --advantages-topic} and {@code --off-policy} it
 * trains on history, e.g. a replay's {@code grpo.advantages.<run>}.
 */
@Command(name = "learn",
        sortOptions = false,
        description = {"Train the policy with GRPO on grpo.advantages: whole groups per step, staleness gate "
                + "(stale samples -> grpo.stale), clipped objective against the behaviour log-probs, k3 KL to a "
                + "frozen reference, AdamW. Checkpoints after every --checkpoint-every steps and announces each on "
                + "grpo.policy.versions; restarts resume from the newest checkpoint, exactly once.",
            "--model (e.g. from grpo pretrain) is needed unless --checkpoint-dir already holds a learner checkpoint.",
            "Defaults follow DeepSeek-R1 where it gives a value (KL 0.001, lr 3e-6, reference refresh 400).",
            "Training from history: --advantages-topic grpo.advantages.RUN --off-policy --learner-id ID admits every "
                + "sample whatever its policy version (it counts another learner's steps), caps the importance ratio "
                + "at 2 unless --tis-cap says otherwise, and dead-letters to RUN's own <topic>.dlq, never grpo.dlq."})
public final class LearnCommand implements Callable<Integer> {

    private static final String LIVE_LEARNER_ID = "learner";
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnection kafka;

    @Mixin
    private MetricsOptions metrics;

    @Option(names = "--learner-id", defaultValue = LIVE_LEARNER_ID, paramLabel = "ID",
            description = "Names the run: key of its policy versions and its consumer group; generators follow one "
                    + "id (default: ${DEFAULT-VALUE}). Required, and other than the default, with --off-policy.")
    private String learnerId;

    @Option(names = "--advantages-topic", defaultValue = "grpo.advantages", paramLabel = "TOPIC",
            description = "The AdvantageSample topic to train on, e.g. a replay's grpo.advantages.RUN; any topic but "
                    + "the live one dead-letters to TOPIC.dlq and forwards stale samples to TOPIC.stale; named "
                    + "without --topic-prefix, which is put before it (default: ${DEFAULT-VALUE}).")
    private String advantagesTopic;

    @Option(names = "--off-policy",
            description = "Train on history from another lineage: the staleness gate admits every sample "
                    + "(--max-staleness is not used) and the TIS cap defaults to 2.")
    private boolean offPolicy;

    @Mixin
    private ModelOptions model;

    @Option(names = "--checkpoint-dir", required = true, paramLabel = "DIR",
            description = "Where the learner's checkpoints live; it resumes from the newest one there.")
    private Path checkpointDirectory;

    @Option(names = "--groups-per-step", defaultValue = "8", paramLabel = "N",
            description = "Whole groups per optimiser step (default: ${DEFAULT-VALUE}).")
    private int groupsPerStep;

    @Option(names = "--mini-batch-groups", defaultValue = "0", paramLabel = "N",
            description = "Groups per forward/backward pass, gradients accumulated over the step; 0 = the whole step "
                    + "(default: ${DEFAULT-VALUE}).")
    private int groupsPerMiniBatch;

    @Option(names = "--max-staleness", defaultValue = "4", paramLabel = "ETA",
            description = "Train a sample only while learner version - its policy version <= ETA (default: ${DEFAULT-VALUE}).")
    private long maxStaleness;

    @Option(names = "--clip-low", defaultValue = "0.2", paramLabel = "EPS",
            description = "Lower clip range: ratio >= 1 - EPS (default: ${DEFAULT-VALUE}).")
    private double clipLow;

    @Option(names = "--clip-high", defaultValue = "0.2", paramLabel = "EPS",
            description = "Upper clip range: ratio <= 1 + EPS; above --clip-low is clip-higher (default: ${DEFAULT-VALUE}).")
    private double clipHigh;

    @Option(names = "--kl-coef", defaultValue = "0.001", paramLabel = "BETA",
            description = "Weight of the KL to the reference; 0 disables it and the reference (default: ${DEFAULT-VALUE}).")
    private double klCoefficient;

    @Option(names = "--kl-estimator", defaultValue = "k3", paramLabel = "K",
            description = "Per-token KL estimate: k1 (log pi - log ref), k2 ((log r)^2/2) or k3 (r - 1 - log r, "
                    + "r = ref/pi) (default: ${DEFAULT-VALUE}).")
    private String klEstimator;

    @Option(names = "--policy-loss", defaultValue = "grpo", paramLabel = "LOSS",
            description = "grpo (clipped token ratio), decoupled-ppo (AReaL: clip against the pre-update policy, "
                    + "weight pi_prox/pi_behaviour, dropped above --tis-cap), gspo (sequence ratio) or cispo "
                    + "(clipped stop-gradient weight) (default: ${DEFAULT-VALUE}).")
    private String policyLoss;

    @Option(names = "--entropy-coef", defaultValue = "0", paramLabel = "C",
            description = "Weight of the entropy bonus; 0 = off (default: ${DEFAULT-VALUE}).")
    private double entropyCoefficient;

    @Option(names = "--loss-agg", defaultValue = "token-mean", paramLabel = "MODE",
            description = "token-mean, seq-mean-token-mean (GRPO) or seq-mean-token-sum-norm (Dr. GRPO) "
                    + "(default: ${DEFAULT-VALUE}).")
    private String aggregation;

    @Option(names = "--tis-cap", paramLabel = "C",
            description = "Truncated importance-sampling cap on the ratio, >= 1 + clip-high; with decoupled-ppo the "
                    + "cap on pi_prox/pi_behaviour above which a token is dropped; 0 = off (default: off, 2 with "
                    + "--off-policy).")
    private Double ratioCap;

    @Option(names = "--loss-norm-length", defaultValue = "0", paramLabel = "L",
            description = "Dr. GRPO's constant divisor; 0 = the model's max length (default: ${DEFAULT-VALUE}).")
    private int lossNormLength;

    @Option(names = "--lr", defaultValue = "3e-6", paramLabel = "RATE", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
    private float learningRate;

    @Option(names = "--warmup-steps", defaultValue = "0", paramLabel = "N", description = "Linear warm-up steps (default: ${DEFAULT-VALUE}).")
    private int warmupSteps;

    @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "L", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    private float weightDecay;

    @Option(names = "--max-grad-norm", defaultValue = "1", paramLabel = "NORM",
            description = "Global gradient-norm clip; 0 = off (default: ${DEFAULT-VALUE}).")
    private float maxGradientNorm;

    @Option(names = "--ref-refresh-steps", defaultValue = "400", paramLabel = "N",
            description = "Copy the policy into the reference every N steps; 0 = never (default: ${DEFAULT-VALUE}).")
    private int referenceRefreshSteps;

    @Option(names = "--checkpoint-every", defaultValue = "1", paramLabel = "K",
            description = "Checkpoint and announce a version every K steps (default: ${DEFAULT-VALUE}).")
    private int checkpointEvery;

    @Option(names = "--keep-checkpoints", defaultValue = "3", paramLabel = "N",
            description = "Checkpoints to keep; 0 = all (default: ${DEFAULT-VALUE}).")
    private int keepCheckpoints;

    @Option(names = "--group-timeout", defaultValue = "5m", paramLabel = "DURATION", converter = DurationText.class,
            description = "How long a group may miss members (counting only time spent waiting on the topic) before "
                    + "the members it has are dead-lettered as INCOMPLETE_GROUP, so the partition can move on. "
                    + "90s, 5m or PT5M (default: ${DEFAULT-VALUE}).")
    private Duration groupTimeout;

    @Option(names = "--max-steps", defaultValue = "0", paramLabel = "N",
            description = "Stop at this version; 0 = run until Ctrl-C (default: ${DEFAULT-VALUE}).")
    private long maxSteps;

    @Mixin
    private DeviceOptions device;

    /** Every core by default: the launcher's one thread is for stages that share the machine. */
    @Mixin
    private TorchThreadOptions torchThreads = TorchThreadOptions.everyProcessor();

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED", description = "Seeds the mini-batch order (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() throws InterruptedException {
        LearnerConfig config = config();
        torchThreads.apply();
        try (StageMetrics meters = metrics.open("learn", learnerId)) {
            // Asked before the prefix goes on: prefixed, the live topics no longer carry the catalogue's names.
            prepareTopics(config.topics(), LearnerTopics.reading(advantagesTopic).live());
            return run(config, meters);
        }
    }

    private int run(LearnerConfig config, StageMetrics meters) {
        CountDownLatch finished = new CountDownLatch(1);
        try (GrpoLearner learner = new GrpoLearner(config, meters.registry(), step -> { })) {
            Thread hook = new Thread(() -> {
                learner.close();
                awaitQuietly(finished);
            }, "grpo-learn-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            spec.commandLine().getErr().println("learner " + learnerId + " training " + (offPolicy ? "off-policy " : "")
                    + "on " + advantagesTopic + " at " + kafka.bootstrapServers() + ", checkpoints in "
                    + checkpointDirectory + "; Ctrl-C stops after the current step");
            meters.uri().ifPresent(uri -> spec.commandLine().getErr().println("metrics at " + uri));
            spec.commandLine().getErr().flush();
            try {
                learner.run();
            } finally {
                finished.countDown();
            }
            spec.commandLine().getOut().println("learner " + learnerId + " stopped at version " + learner.version());
        }
        return 0;
    }

    /**
     * The pad id is only ever written into padding that the mask hides, so any id of the vocabulary would do; the
     * model's own is taken when its directory is given, the built-in tokenizer's (a small id every vocabulary has)
     * when the learner resumes from its checkpoints alone.
     */
    private int padId() {
        Path initialCheckpoint = model.directory().filter(Files::isDirectory).orElse(null);
        if (initialCheckpoint == null) {
            return new CharTokenizer().padId();
        }
        try (Tokenizer tokenizer = ModelTokenizer.load(initialCheckpoint)) {
            return tokenizer.padId();
        }
    }

    LearnerConfig config() {
        if (offPolicy && LIVE_LEARNER_ID.equals(learnerId)) {
            throw new ParameterException(spec.commandLine(), "--off-policy needs a --learner-id of its own: "
                    + "generators follow the versions of '" + LIVE_LEARNER_ID + "', and a history learner must not "
                    + "publish under the live learner's id");
        }
        try {
            KafkaClusterConfig cluster = kafka.cluster();
            LearnerConfig.Builder builder = LearnerConfig.builder(learnerId, cluster, checkpointDirectory)
                    .initialCheckpoint(model.directory().orElse(null))
                    .topics(LearnerTopics.reading(advantagesTopic).prefixed(cluster.topicPrefix()))
                    .groupsPerStep(groupsPerStep).groupsPerMiniBatch(groupsPerMiniBatch).maxStaleness(maxStaleness)
                    .offPolicy(offPolicy).maxSteps(maxSteps).groupTimeout(groupTimeout)
                    .clipLow(clipLow).clipHigh(clipHigh).klCoefficient(klCoefficient)
                    .aggregation(LossAggregation.fromLabel(aggregation)).lossNormLength(lossNormLength)
                    .policyLoss(PolicyLoss.fromLabel(policyLoss)).klEstimator(KlEstimator.fromLabel(klEstimator))
                    .entropyCoefficient(entropyCoefficient)
                    .learningRate(learningRate).warmupSteps(warmupSteps).weightDecay(weightDecay)
                    .maxGradientNorm(maxGradientNorm).referenceRefreshSteps(referenceRefreshSteps)
                    .checkpointEvery(checkpointEvery).keepCheckpoints(keepCheckpoints)
                    .padTokenId(padId()).device(device.checkedName()).seed(seed);
            if (ratioCap != null) {
                builder.ratioCap(ratioCap);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * Refuses an advantages topic that does not exist (the learner would wait on it forever) and creates the
     * policy-versions topic and a history learner's own stale and dead-letter topics, shaped like the live ones.
     */
    private void prepareTopics(LearnerTopics topics, boolean live) throws InterruptedException {
        kafka.withAdmin(TOPIC_TIMEOUT, admin -> {
            TopicInstaller installer = new TopicInstaller(admin, TOPIC_TIMEOUT);
            if (!installer.inspect(List.of(renamed(TopicCatalogue.ADVANTAGES, topics.advantages()))).get(0).exists()) {
                throw new ParameterException(spec.commandLine(), "topic '" + topics.advantages()
                        + "' does not exist (a replay creates grpo.advantages.RUN; 'grpo topics create' the live one)");
            }
            // The versions topic must be compacted: left to the broker's auto-creation it would be deleted by age.
            List<TopicSpec> own = new ArrayList<>(List.of(renamed(TopicCatalogue.POLICY_VERSIONS,
                    topics.policyVersions())));
            if (!live) {
                own.add(renamed(TopicCatalogue.STALE, topics.stale()));
                own.add(renamed(TopicCatalogue.DEAD_LETTERS, topics.deadLetters()));
            }
            installer.apply(own);
            return null;
        });
    }

    private static TopicSpec renamed(TopicSpec spec, String name) {
        return new TopicSpec(name, spec.key(), spec.record(), spec.partitions(), spec.retention(),
                spec.retentionBytes(), spec.cleanupPolicy(), spec.maxMessageBytes());
    }

    /** Lets Ctrl-C wait for the final checkpoint, so the next start resumes from the last step. */
    private static void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await(Duration.ofMinutes(2).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
