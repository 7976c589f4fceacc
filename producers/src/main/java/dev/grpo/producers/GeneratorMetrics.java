package dev.grpo.producers;

import dev.grpo.producers.internal.admission.AdmissionGate;
import dev.grpo.producers.internal.sampling.SampledGroup;
import dev.grpo.schemas.StageClock;
import dev.grpo.schemas.StageTime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;

/**
 * The generator's meters, tagged with its id: groups and completion tokens published (rates: groups/s,
 * tokens/s), time paused by admission control and its claims granted or void, groups dropped because their claim's
 * lease ran out, the loaded version and its lag behind the learner's latest, and the generator's {@link StageTime}:
 * busy while at least one group is being sampled, idle otherwise (waiting on admission, prompts or the broker).
 */
public final class GeneratorMetrics implements AdmissionGate.AdmissionWatch {

    /** Groups published. */
    public static final String GROUPS = "grpo.generator.groups";
    /** Completion tokens published. */
    public static final String TOKENS = "grpo.generator.tokens";
    /** Time admissions waited for room under the staleness bound. */
    public static final String ADMISSION_PAUSE = "grpo.generator.admission.paused";
    /** Learner's latest version minus the loaded version. */
    public static final String VERSION_LAG = "grpo.generator.version.lag";
    /** The version of the weights in place. */
    public static final String VERSION = "grpo.generator.version";
    /** Claims for a group's slot, by {@code verdict}: {@code granted} (admitted) or {@code void} (refused). */
    public static final String ADMISSION_CLAIMS = "grpo.generator.admission.claims";
    /** Groups sampled but dropped unpublished because their claim's lease ran out first. */
    public static final String DROPPED = "grpo.generator.groups.dropped";
    /** Seconds with at least one group being sampled. */
    public static final String BUSY = "grpo.generator.busy";
    /** Seconds with no group being sampled: waiting on admission, prompts or the broker. */
    public static final String IDLE = "grpo.generator.idle";
    /** Published rollouts whose tokens came from more than one policy version (partial rollouts). */
    public static final String PARTIAL_ROLLOUTS = "grpo.generator.rollouts.partial";
    /** Prompts skipped because the policy cannot take them. */
    public static final String REJECTED_PROMPTS = "grpo.generator.prompts.rejected";

    private final MeterRegistry registry;
    private final Counter groups;
    private final Counter partial;
    private final Counter tokens;
    private final Counter paused;
    private final Counter rejected;
    private final Counter dropped;
    private final Counter granted;
    private final Counter refused;
    private final StageClock clock = new StageClock();
    private final long startedNanos = System.nanoTime();

    /**
     * @param registry where the meters go
     * @param generatorId the tag value of every meter
     * @param loadedVersion the version in place
     * @param latestVersion the learner's latest announced version
     */
    public GeneratorMetrics(MeterRegistry registry, String generatorId, LongSupplier loadedVersion,
                            LongSupplier latestVersion) {
        this.registry = registry;
        groups = Counter.builder(GROUPS).tag("generator", generatorId).register(registry);
        partial = Counter.builder(PARTIAL_ROLLOUTS).tag("generator", generatorId)
                .description("published rollouts whose tokens came from more than one policy version")
                .register(registry);
        tokens = Counter.builder(TOKENS).tag("generator", generatorId).baseUnit("tokens").register(registry);
        paused = Counter.builder(ADMISSION_PAUSE).tag("generator", generatorId).baseUnit("seconds")
                .description("time spent waiting for room under the staleness bound").register(registry);
        rejected = Counter.builder(REJECTED_PROMPTS).tag("generator", generatorId).register(registry);
        dropped = Counter.builder(DROPPED).tag("generator", generatorId)
                .description("groups dropped unpublished because their claim's lease ran out").register(registry);
        granted = claims(registry, generatorId, "granted");
        refused = claims(registry, generatorId, "void");
        FunctionCounter.builder(BUSY, clock, c -> c.time().busySeconds()).tag("generator", generatorId)
                .baseUnit("seconds").description("time with at least one group being sampled").register(registry);
        FunctionCounter.builder(IDLE, clock, c -> c.time().idleSeconds()).tag("generator", generatorId)
                .baseUnit("seconds").description("time with no group being sampled").register(registry);
        Gauge.builder(VERSION, loadedVersion::getAsLong).tag("generator", generatorId).register(registry);
        Gauge.builder(VERSION_LAG, () -> Math.max(0, latestVersion.getAsLong() - loadedVersion.getAsLong()))
                .tag("generator", generatorId).register(registry);
    }

    private static Counter claims(MeterRegistry registry, String generatorId, String verdict) {
        return Counter.builder(ADMISSION_CLAIMS).tag("generator", generatorId).tag("verdict", verdict)
                .description("claims for a group's slot: granted, or void because another generator's won it")
                .register(registry);
    }

    /** Exports Kafka's own metrics of {@code producer} (send rates, errors, batch sizes) until the result is closed. */
    public KafkaClientMetrics bind(Producer<?, ?> producer) {
        KafkaClientMetrics client = new KafkaClientMetrics(producer);
        client.bindTo(registry);
        return client;
    }

    /** @param group a group that was published */
    public void published(SampledGroup group) {
        groups.increment();
        tokens.increment(group.completionTokens());
        partial.increment(group.rollouts().stream().filter(r -> r.getTokenPolicyVersions() != null).count());
    }

    /** @param pause a stretch of waiting for room under the staleness bound */
    @Override
    public void paused(Duration pause) {
        paused.increment(pause.toNanos() / 1e9);
    }

    /** @param grant whether a claim was granted or came back void */
    @Override
    public void claimed(boolean grant) {
        (grant ? granted : refused).increment();
    }

    /** @return the counter of prompts the policy could not take */
    public Counter rejectedPrompts() {
        return rejected;
    }

    /** @return the counter of groups dropped because their claim's lease ran out */
    public Counter droppedGroups() {
        return dropped;
    }

    /** @return groups published so far */
    public long groups() {
        return (long) groups.count();
    }

    /** @return published rollouts whose tokens came from more than one version */
    public long partialRollouts() {
        return (long) partial.count();
    }

    /** @return total time admissions waited for room */
    public Duration pausedTotal() {
        return Duration.ofNanos((long) (paused.count() * 1e9));
    }

    /** @return the clock that sampling marks busy, started with these meters */
    public StageClock clock() {
        return clock;
    }

    /** @return busy (sampling) and idle time since the generator started */
    public StageTime stageTime() {
        return clock.time();
    }

    /** @return one log line: counts, rates since start, admission pause, groups dropped */
    public String summary() {
        double seconds = Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
        return String.format(Locale.ROOT, "%d groups (%.2f groups/s), %d tokens (%.1f tokens/s), "
                        + "paused by admission control %.1f s, %d groups dropped as their lease ran out, %d rollouts spanning "
                        + "versions, sampling %s",
                groups(), groups.count() / seconds, (long) tokens.count(), tokens.count() / seconds,
                pausedTotal().toMillis() / 1000.0, (long) dropped.count(), partialRollouts(), stageTime().summary());
    }
}
