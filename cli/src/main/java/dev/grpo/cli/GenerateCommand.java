package dev.grpo.cli;

import dev.grpo.cli.options.DurationText;
import dev.grpo.cli.kafka.KafkaConnection;
import dev.grpo.cli.metrics.MetricsOptions;
import dev.grpo.workflow.metrics.StageMetrics;
import dev.grpo.cli.options.DeviceOptions;
import dev.grpo.cli.options.ModelOptions;
import dev.grpo.cli.options.TorchThreadOptions;
import dev.grpo.cli.prompts.PromptFieldOptions;
import dev.grpo.policy.SamplingConfig;
import dev.grpo.producers.Generator;
import dev.grpo.producers.GeneratorConfig;
import dev.grpo.producers.PromptOrigin;
import dev.grpo.producers.PromptTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code grpo generate}: one generator process. Samples groups of completions with the learner's latest weights,
 * publishes them to grpo.rollouts and keeps within the staleness bound, until Ctrl-C (which drains the groups in
 * flight).
 */
@Command(name = "generate",
        description = {"Sample groups of G completions per prompt with the current policy and publish them to "
                + "grpo.rollouts; follow grpo.policy.versions and swap weights in between groups.",
            "Admission control keeps every group within --max-staleness versions of the learner; several "
                + "generators cooperate through Kafka (grpo.generator.claims). Ctrl-C drains groups in flight.",
            "--model names the directory whose tokenizer the generator uses and whose weights it starts from (as "
                + "version 0) while the learner has announced none."})
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnection kafka;

    @Mixin
    private MetricsOptions metrics;

    @Option(names = "--generator-id", paramLabel = "ID",
            description = "Names this generator in rollouts, claims and the prompts consumer group; unique per running "
                    + "generator. Keep it across restarts: a generator restarted under its id gets its prompt "
                    + "partitions back at once (default: gen-<pid>, new on every start).")
    private String generatorId;

    @Option(names = "--learner-id", defaultValue = "learner", paramLabel = "ID",
            description = "Whose versions to follow (default: ${DEFAULT-VALUE}).")
    private String learnerId;

    @Option(names = "--prompts", defaultValue = "synthetic", paramLabel = "SOURCE",
            description = "synthetic (the built-in arithmetic task), topic (grpo.prompts), or a prompt file: .jsonl, "
                    + ".json, .jsonl.gz, .json.gz or .parquet, mapped by the field options (default: ${DEFAULT-VALUE}).")
    private String prompts;

    @Mixin
    private PromptFieldOptions promptFields;

    @Option(names = "--once", description = "Read a prompt file once instead of starting over at its end.")
    private boolean once;

    @Option(names = "--template", defaultValue = "auto", paramLabel = "NAME|TEXT",
            description = "r1-zero, plain, a text holding {prompt}, or auto: plain for the synthetic task (its small "
                    + "model was pretrained on bare prompts), r1-zero otherwise. A model with a chat template gets "
                    + "the result as the user's message of its template (default: ${DEFAULT-VALUE}).")
    private String template;

    @Mixin
    private ModelOptions model;

    @Mixin
    private DeviceOptions device;

    /** The launcher's one thread by default: generators share the cores with the other stages. */
    @Mixin
    private TorchThreadOptions torchThreads = new TorchThreadOptions(1);

    @Option(names = "--group-size", defaultValue = "8", paramLabel = "G",
            description = "Completions per prompt (default: ${DEFAULT-VALUE}).")
    private int groupSize;

    @Option(names = "--groups-per-step", defaultValue = "8", paramLabel = "B",
            description = "Groups the learner trains per step; must match the learner's (default: ${DEFAULT-VALUE}).")
    private int groupsPerStep;

    @Option(names = "--max-staleness", defaultValue = "4", paramLabel = "ETA",
            description = "Start no group that could be trained more than ETA versions stale (default: ${DEFAULT-VALUE}).")
    private int maxStaleness;

    @Option(names = "--concurrency", defaultValue = "2", paramLabel = "N",
            description = "Groups sampled at the same time (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
            description = "Sampling temperature; 0 = greedy (default: ${DEFAULT-VALUE}).")
    private float temperature;

    @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P",
            description = "Nucleus mass in (0, 1] (default: ${DEFAULT-VALUE}).")
    private float topP;

    @Option(names = "--max-new-tokens", defaultValue = "96", paramLabel = "N",
            description = "Token budget per completion (default: ${DEFAULT-VALUE}).")
    private int maxNewTokens;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED",
            description = "Seeds the prompt draw and every completion (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--swap-retry", defaultValue = "5", paramLabel = "SECONDS",
            description = "Wait before retrying a version whose checkpoint failed to load (default: ${DEFAULT-VALUE}).")
    private int swapRetrySeconds;

    @Option(names = "--claim-lease", defaultValue = "3m", paramLabel = "DURATION", converter = DurationText.class,
            description = "How long a granted claim holds its slot without its group being published; then the slot "
                    + "is released, so a generator that died after claiming cannot stall the run. Must comfortably "
                    + "exceed the time to sample and publish a group: one not ready within four fifths of it is "
                    + "dropped and claimed again. 90s, 3m, 500ms or PT3M (default: ${DEFAULT-VALUE}).")
    private Duration claimLease;

    @Option(names = "--partial-rollouts", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Take a new policy version between decode steps of the groups being sampled (in-flight "
                    + "weight updates): each token records its version and staleness counts from the oldest; "
                    + "--no-partial-rollouts: only between groups (default: ${DEFAULT-VALUE}).")
    private boolean partialRollouts;

    @Override
    public Integer call() throws InterruptedException {
        GeneratorConfig config = config();
        torchThreads.apply();
        CountDownLatch closed = new CountDownLatch(1);
        try (StageMetrics meters = metrics.open("generate", config.generatorId());
             Generator generator = Generator.start(config, meters.registry())) {
            Thread hook = new Thread(() -> {
                generator.stop();
                awaitQuietly(closed);
            }, "grpo-generate-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            spec.commandLine().getErr().println("generator " + config.generatorId() + " sampling against "
                    + kafka.bootstrapServers() + " with version " + generator.version() + "; Ctrl-C drains and stops");
            meters.uri().ifPresent(uri -> spec.commandLine().getErr().println("metrics at " + uri));
            spec.commandLine().getErr().flush();
            awaitDrained(generator);
            return 0;
        } finally {
            closed.countDown();
        }
    }

    /** Waits for the generator to drain, failing with its own error (one line for the user, not a wrapper). */
    private static void awaitDrained(Generator generator) {
        try {
            generator.drained().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    GeneratorConfig config() {
        try {
            GeneratorConfig.Builder config = GeneratorConfig.builder(id()).cluster(kafka.cluster())
                    .learnerId(learnerId).origin(origin()).template(template()).groupSize(groupSize)
                    .groupsPerStep(groupsPerStep).maxStaleness(maxStaleness).maxConcurrentGroups(concurrency)
                    .sampling(new SamplingConfig(temperature, topP, maxNewTokens)).seed(seed)
                    .swapRetry(Duration.ofSeconds(swapRetrySeconds)).claimLease(claimLease)
                    .partialRollouts(partialRollouts)
                    // PyTorch keeps the count per OS thread: the sampling threads set it themselves.
                    .samplingThreads(torchThreads.count());
            model.directory().ifPresent(config::initialCheckpoint);
            return config.device(device.checkedName()).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private String id() {
        return generatorId != null ? generatorId : "gen-" + ProcessHandle.current().pid();
    }

    private PromptOrigin origin() {
        return switch (prompts) {
            case "synthetic" -> new PromptOrigin.SyntheticTask(seed);
            case "topic" -> new PromptOrigin.PromptTopic();
            default -> new PromptOrigin.LocalFile(promptFields.file(Path.of(prompts), false), !once);
        };
    }

    private PromptTemplate template() {
        return PromptTemplate.parse(template, prompts.equals("synthetic"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
