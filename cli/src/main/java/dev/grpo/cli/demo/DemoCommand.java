package dev.grpo.cli.demo;

import dev.grpo.cli.broker.EmbeddedBrokerJars;
import dev.grpo.cli.defaults.ConfigDefaults;
import dev.grpo.cli.options.DeviceOptions;
import dev.grpo.cli.options.DurationText;
import dev.grpo.cli.metrics.MetricsOptions;
import dev.grpo.learner.PolicyLoss;
import dev.grpo.workflow.demo.DemoLog;
import dev.grpo.workflow.demo.DemoReport;
import dev.grpo.workflow.demo.DemoRun;
import dev.grpo.workflow.demo.DemoConfig;
import dev.grpo.workflow.metrics.StageMetrics;
import dev.grpo.cli.options.EvalOptions;
import dev.grpo.cli.options.ModelOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code grpo demo}: an R1-Zero-style run end to end through Kafka in one JVM, evaluated before and after, with a
 * report and plots in the output folder.
 */
@Command(name = "demo",
        sortOptions = false,
        description = {"Train the base arithmetic model with GRPO and rule rewards, end to end through Kafka in one "
                + "JVM: embedded broker (unless --bootstrap-servers), generators, rule rewards + group assembler "
                + "(Kafka Streams), learner (reads only grpo.advantages), rejection-sampling filter (grpo.advantages "
                + "-> grpo.sft, for 'grpo sft'). Evaluates held-out pass@1 before and after "
                + "and writes report.json, PNG plots and report.html into --out.",
            "--model is the base model (default: " + DemoCommand.BASE_MODEL + ", made by 'grpo pretrain').",
            "--device puts the generators, the learner and the evaluations on one device; without it the generators "
                    + "use a GPU when PyTorch sees one and the learner and the evaluations the CPU.",
            "Ctrl-C stops after the learner's current step; rerunning with the same --out resumes."})
public final class DemoCommand implements Callable<Integer> {

    /** The base model {@code grpo pretrain} writes by default, relative to the repository root. */
    static final String BASE_MODEL = "models/arithmetic-base";

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/demo", paramLabel = "DIR",
            description = "Run folder: Kafka data, checkpoints, report (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Mixin
    private ModelOptions model = new ModelOptions(Path.of(BASE_MODEL));

    @Option(names = "--steps", defaultValue = "120", paramLabel = "N", description = "Learner steps (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--max-staleness", defaultValue = "2", paramLabel = "ETA",
            description = "Staleness bound for generators and learner (default: ${DEFAULT-VALUE}).")
    private int maxStaleness;

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
            description = "Use this cluster instead of the embedded broker.")
    private String bootstrapServers;

    @Option(names = "--no-language-reward",
            description = "Weight the language-consistency reward 0 (still measured), to compare runs.")
    private boolean noLanguageReward;

    @Option(names = "--generators", defaultValue = "1", paramLabel = "N", description = "Generator clients (default: ${DEFAULT-VALUE}).")
    private int generators;

    @Option(names = "--group-size", defaultValue = "8", paramLabel = "G", description = "Completions per prompt (default: ${DEFAULT-VALUE}).")
    private int groupSize;

    @Option(names = "--groups-per-step", defaultValue = "8", paramLabel = "B", description = "Groups per step (default: ${DEFAULT-VALUE}).")
    private int groupsPerStep;

    @Option(names = "--lr", defaultValue = "1e-4", paramLabel = "RATE", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    private float learningRate;

    @Option(names = "--kl-coef", defaultValue = "0", paramLabel = "BETA",
            description = "KL weight to the base policy; 0 skips the reference model (default: ${DEFAULT-VALUE}).")
    private double klCoefficient;

    @Option(names = "--policy-loss", defaultValue = "grpo", paramLabel = "LOSS",
            description = "The learner's policy loss: grpo, decoupled-ppo, gspo or cispo, as grpo learn's "
                    + "(default: ${DEFAULT-VALUE}).")
    private String policyLoss;

    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
            description = "Sampling temperature of training rollouts (default: ${DEFAULT-VALUE}).")
    private float temperature;

    @Option(names = "--max-new-tokens", defaultValue = "96", paramLabel = "N",
            description = "Token budget per completion (default: ${DEFAULT-VALUE}).")
    private int maxNewTokens;

    @Mixin
    private EvalOptions eval = new EvalOptions(200, 4);

    @Mixin
    private DeviceOptions device;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED", description = "Seeds the run (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--claim-lease", defaultValue = "3m", paramLabel = "DURATION", converter = DurationText.class,
            description = "How long a generator's granted claim holds its slot unpublished; a rerun after a kill gets "
                    + "the killed run's unfinished slots back after it (default: ${DEFAULT-VALUE}).")
    private Duration claimLease;

    @Option(names = "--learner-threads", paramLabel = "N",
            description = "PyTorch threads of the learner; 0: every core (default: every core at --max-staleness 0, "
                    + "where the stages take turns; 1 otherwise).")
    private Integer learnerThreads;

    @Option(names = "--generator-threads", paramLabel = "N",
            description = "PyTorch threads of each generator's sampling threads; 0: every core (default: as "
                    + "--learner-threads).")
    private Integer generatorThreads;

    @Option(names = "--partial-rollouts", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Generators take a new policy version between decode steps of the groups they are "
                    + "sampling (in-flight weight updates), not only between groups (default: ${DEFAULT-VALUE}).")
    private boolean partialRollouts;

    @Mixin
    private MetricsOptions metrics;

    @Option(names = "--log-to-terminal", description = "Keep the stages' logs on the terminal instead of DIR/demo.log.")
    private boolean logToTerminal;

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (bootstrapServers == null && EmbeddedBrokerJars.absent(spec)) {
            return EmbeddedBrokerJars.EXIT_CODE;
        }
        if (!logToTerminal) {
            Files.createDirectories(out);
            DemoLog.redirectTo(out.resolve("demo.log"));
            spec.commandLine().getErr().println("logs go to " + out.resolve("demo.log"));
        }
        DemoConfig settings = settings();
        try (StageMetrics meters = metrics.openOrWarn("demo", DemoRun.LEARNER_ID, MetricsOptions.DEMO_PORT,
                spec.commandLine().getErr())) {
            meters.uri().ifPresent(uri -> spec.commandLine().getErr().println("metrics at " + uri));
            return run(new DemoRun(settings, spec.commandLine().getErr(), meters));
        }
    }

    private Integer run(DemoRun run) throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            run.stop();
            awaitQuietly(finished);
        }, "grpo-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Optional<DemoReport> report = run.run();
            PrintWriter stdout = spec.commandLine().getOut();
            report.ifPresentOrElse(r -> stdout.println(String.format(Locale.ROOT,
                    "held-out pass@1 %.1f %% -> %.1f %% in %d steps, %.0f s; %d SFT examples on grpo.sft; report: %s",
                    100 * r.baseAccuracy(), 100 * r.finalAccuracy(), r.steps(), r.wallSeconds(), r.sftExamples(),
                    out.resolve("report.html"))),
                    () -> stdout.println("stopped; rerun with --out " + out + " to resume"));
            return 0;
        } finally {
            finished.countDown();
        }
    }

    private DemoConfig settings() {
        Path base = model.required();
        if (!Files.isDirectory(base)) {
            throw new ParameterException(spec.commandLine(), "no base checkpoint at " + base
                    + "; run from the repository root or create one with 'grpo pretrain --out " + base + "'");
        }
        try {
            DemoConfig.Builder builder = DemoConfig.builder(out, base);
            if (learnerThreads != null) {
                builder.learnerThreads(learnerThreads);
            }
            if (generatorThreads != null) {
                builder.generatorThreads(generatorThreads);
            }
            return builder.bootstrapServers(Optional.ofNullable(bootstrapServers)).steps(steps)
                    .maxStaleness(maxStaleness).languageReward(!noLanguageReward).generators(generators)
                    .groupSize(groupSize).groupsPerStep(groupsPerStep).learningRate(learningRate)
                    .klCoefficient(klCoefficient).policyLoss(PolicyLoss.fromLabel(policyLoss))
                    .temperature(temperature).maxNewTokens(maxNewTokens)
                    .evaluation(eval.prompts(), eval.k()).seed(seed).claimLease(claimLease).device(chosenDevice())
                    .partialRollouts(partialRollouts).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /**
     * The device given on the command line, in the environment or in the config file, checked; empty when none was
     * given, so that the stages keep their own devices (generators {@code auto}, learner and evaluations the CPU).
     */
    Optional<String> chosenDevice() {
        OptionSpec option = spec.findOption("--device");
        boolean given = spec.commandLine().getParseResult().hasMatchedOption(option)
                || spec.commandLine().getDefaultValueProvider() instanceof ConfigDefaults defaults
                && defaults.origin(option).isPresent();
        if (!given) {
            return Optional.empty();
        }
        device.device();
        return Optional.of(device.name());
    }

    /** Lets Ctrl-C wait until the learner's last checkpoint is written and every client is closed. */
    private static void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await(Duration.ofMinutes(2).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
