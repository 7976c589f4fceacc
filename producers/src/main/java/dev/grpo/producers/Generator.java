package dev.grpo.producers;

import dev.grpo.policy.ModelDirectory;
import dev.grpo.policy.PromptFormat;
import dev.grpo.policy.ComputeDevice;
import dev.grpo.policy.Tokenizer;
import dev.grpo.producers.internal.admission.AdmissionGate;
import dev.grpo.producers.internal.admission.AdmissionRule;
import dev.grpo.producers.internal.admission.ClaimLedger;
import dev.grpo.producers.internal.admission.ClaimLog;
import dev.grpo.producers.internal.admission.ClaimTopic;
import dev.grpo.producers.internal.admission.LeaseWatch;
import dev.grpo.producers.internal.kafka.ClusterProbe;
import dev.grpo.producers.internal.pipeline.AdmitGroup;
import dev.grpo.producers.internal.pipeline.EncodePrompt;
import dev.grpo.producers.internal.pipeline.GenerationPipeline;
import dev.grpo.producers.internal.pipeline.PublishGroup;
import dev.grpo.producers.internal.pipeline.SampleGroup;
import dev.grpo.producers.internal.prompts.DuplicateGeneratorIdException;
import dev.grpo.producers.internal.prompts.PromptSource;
import dev.grpo.producers.internal.sampling.GroupSampler;
import dev.grpo.producers.internal.sampling.PromptEncoder;
import dev.grpo.producers.internal.weights.InitialWeights;
import dev.grpo.producers.internal.weights.LoadedPolicy;
import dev.grpo.producers.internal.weights.VersionFollower;
import dev.grpo.records.Prompt;
import dev.grpo.schemas.KafkaClusterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One generator process: follows the learner's versions, reads prompts, and for each admitted prompt samples a
 * group of G completions with the weights in place and publishes them as rollouts. {@link #stop()} begins a
 * draining shutdown; {@link #close()} stops, waits for the drain and frees everything. A prompt stream that fails
 * drains the same way before the generator fails with its error.
 */
public final class Generator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Generator.class);
    private static final Duration SUMMARY_EVERY = Duration.ofSeconds(30);
    private static final Duration DRAIN_PATIENCE = Duration.ofMinutes(5);

    private final GeneratorConfig config;
    private final LoadedPolicy policy;
    private final Tokenizer tokenizer;
    private final PromptFormat format;
    private final VersionFollower follower;
    private final ClaimLedger ledger;
    private final Producer<String, String> claims;
    private final Producer<String, byte[]> rollouts;
    private final Scheduler scheduler;
    private final GeneratorMetrics metrics;
    private final KafkaClientMetrics claimsMetrics;
    private final KafkaClientMetrics rolloutsMetrics;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Sinks.One<Boolean> stop = Sinks.one();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final AtomicReference<Throwable> promptFailure = new AtomicReference<>();
    private PromptSource source;
    private Disposable run;
    private Disposable summaries;

    private Generator(GeneratorConfig config, LoadedPolicy policy, Tokenizer tokenizer, PromptFormat format,
                      MeterRegistry registry) {
        this.config = config;
        this.policy = policy;
        this.tokenizer = tokenizer;
        this.format = format;
        KafkaClusterConfig cluster = config.cluster();
        this.follower = new VersionFollower(cluster, config.topics().policyVersions(), config.learnerId(), policy,
                config.swapRetry());
        this.ledger = new ClaimLedger(cluster, config.topics().claims(),
                new AdmissionRule(config.groupsPerStep(), config.maxStaleness()), config.generatorId());
        this.claims = producer(cluster, config.generatorId(), "claims", new StringSerializer());
        this.rollouts = producer(cluster, config.generatorId(), "rollouts", new ByteArraySerializer());
        this.scheduler = Schedulers.newBoundedElastic(2 * config.maxConcurrentGroups() + 1,
                4 * config.maxConcurrentGroups(), "grpo-generator-" + config.generatorId());
        this.metrics = new GeneratorMetrics(registry, config.generatorId(), policy::version, follower::latestPublished);
        this.claimsMetrics = metrics.bind(claims);
        this.rolloutsMetrics = metrics.bind(rollouts);
    }

    /**
     * Starts a generator reading the prompts its configuration names.
     *
     * @param config the configuration
     * @param registry where the meters go
     * @return the running generator
     * @throws InterruptedException when interrupted during start-up
     */
    public static Generator start(GeneratorConfig config, MeterRegistry registry) throws InterruptedException {
        return start(config, PromptSources.open(config, registry), registry);
    }

    /**
     * Starts a generator on the given prompts.
     *
     * @param config the configuration
     * @param source the prompts; the generator closes it when it closes
     * @param registry where the meters go
     * @return the running generator
     * @throws dev.grpo.producers.internal.kafka.ClusterUnreachableException when the cluster does not answer
     * @throws IllegalStateException when there are no weights to sample with
     * @throws InterruptedException when interrupted during start-up
     */
    public static Generator start(GeneratorConfig config, PromptSource source, MeterRegistry registry)
            throws InterruptedException {
        new ClusterProbe(config.cluster(), 5, Duration.ofSeconds(5))
                .awaitWith(ClaimTopic.named(config.topics().claims()));
        InitialWeights.StartingWeights start = InitialWeights.load(VersionFollower.latest(config.cluster(),
                config.topics().policyVersions(), config.learnerId()), config.initialCheckpoint(),
                ComputeDevice.parse(config.device()));
        LoadedPolicy policy = start.policy();
        Tokenizer tokenizer = null;
        PromptFormat format;
        try {
            tokenizer = ModelDirectory.tokenizer(start.directory(),
                    policy.withWeights((model, version) -> model.config()));
            format = PromptFormat.of(start.directory(), tokenizer);
        } catch (RuntimeException e) {
            policy.close();
            if (tokenizer != null) {
                tokenizer.close();
            }
            throw e;
        }
        Generator generator = new Generator(config, policy, tokenizer, format, registry);
        generator.run(source);
        return generator;
    }

    private void run(PromptSource prompts) {
        this.source = prompts;
        int maxLength = policy.withWeights((model, version) -> model.config().maxLength());
        ClaimLog claimLog = new ClaimLog(claims, config.topics().claims(), config.generatorId(), config.claimLease());
        AdmissionGate gate = new AdmissionGate(claimLog, ledger, policy::version, Clock.systemUTC(), metrics);
        LeaseWatch leases = new LeaseWatch(slot -> ledger.outstanding(slot).isPresent(), Clock.systemUTC());
        GenerationPipeline pipeline = new GenerationPipeline(
                new EncodePrompt(new PromptEncoder(tokenizer, config.template(), format, maxLength),
                        metrics.rejectedPrompts()),
                new AdmitGroup(gate, stopping::get, scheduler),
                new SampleGroup(new GroupSampler(policy, tokenizer, config.sampling(), config.groupSize(),
                        config.seed(), config.partialRollouts()), metrics.clock(), config.samplingThreads(), scheduler),
                new PublishGroup(rollouts, config.topics().rollouts(), leases, claimLog, metrics.droppedGroups(),
                        scheduler),
                config.maxConcurrentGroups());
        follower.start();
        LOG.info("generator {} sampling groups of {} with version {} (max staleness {}, {} groups per step, claims "
                        + "leased for {})", config.generatorId(), config.groupSize(), policy.version(),
                config.maxStaleness(), config.groupsPerStep(), config.claimLease());
        run = pipeline.run(promptsUntilTheyFail(prompts), stop.asMono())
                .subscribe(metrics::published, drained::completeExceptionally, this::drainedAll);
        summaries = Flux.interval(SUMMARY_EVERY, SUMMARY_EVERY)
                .subscribe(tick -> LOG.info("generator {}: {}", config.generatorId(), metrics.summary()));
    }

    /**
     * The prompts, ending where they fail: groups already admitted are still published (left unpublished, their claims
     * would hold their slots until the leases end) and only then does the generator fail, with the prompts' error.
     */
    private Flux<Prompt> promptsUntilTheyFail(PromptSource prompts) {
        return prompts.prompts().onErrorResume(failure -> {
            promptFailure.compareAndSet(null, failure);
            stopping.set(true);
            return Flux.empty();
        });
    }

    private void drainedAll() {
        Throwable failure = promptFailure.get();
        if (failure != null) {
            drained.completeExceptionally(failure);
        } else {
            drained.complete(null);
        }
    }

    private static <V> Producer<String, V> producer(KafkaClusterConfig cluster, String generatorId, String client,
                                                    Serializer<V> values) {
        java.util.Map<String, Object> settings = new java.util.HashMap<>();
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(cluster.client(generatorId, client, settings), new StringSerializer(), values);
    }

    /** @return the version of the weights in place */
    public long version() {
        return policy.version();
    }

    /** @return how many times a published version could not be swapped in (each retry counts) */
    public long failedSwaps() {
        return follower.failedSwaps();
    }

    /** @return the meters */
    public GeneratorMetrics metrics() {
        return metrics;
    }

    /** @return completes when the pipeline has drained after {@link #stop()}, or fails with its error */
    public CompletableFuture<Void> drained() {
        return drained;
    }

    /** Begins a draining shutdown: no new group starts, groups in flight are published. */
    public void stop() {
        stopping.set(true);
        stop.tryEmitValue(true);
    }

    @Override
    public void close() throws InterruptedException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stop();
        try {
            drained.get(DRAIN_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            logFailure(e.getCause());
        } catch (TimeoutException e) {
            LOG.error("generator {} did not drain within {}; closing anyway", config.generatorId(), DRAIN_PATIENCE);
        } finally {
            release();
        }
    }

    private void logFailure(Throwable failure) {
        if (failure instanceof DuplicateGeneratorIdException) {
            // a misconfiguration that its message explains entirely: a stack trace would only bury it
            LOG.error("generator {} failed: {}", config.generatorId(), failure.getMessage());
        } else {
            LOG.error("generator {} failed", config.generatorId(), failure);
        }
    }

    private void release() throws InterruptedException {
        if (run != null) {
            run.dispose();
        }
        if (summaries != null) {
            summaries.dispose();
        }
        LOG.info("generator {} stopped: {}", config.generatorId(), metrics.summary());
        // closing the prompt source waits for its consumer to leave the group: a clean exit hands its partitions over
        try (LoadedPolicy closing = policy; Tokenizer t = tokenizer; Producer<String, byte[]> r = rollouts;
                Producer<String, String> c = claims; PromptSource prompts = source;
                KafkaClientMetrics rm = rolloutsMetrics; KafkaClientMetrics cm = claimsMetrics) {
            follower.close();
            ledger.close();
            scheduler.dispose();
        }
    }
}
