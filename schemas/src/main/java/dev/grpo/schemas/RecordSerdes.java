package dev.grpo.schemas;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.PolicyVersion;
import dev.grpo.records.Prompt;
import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.records.SftExample;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** The serde of each record the pipeline publishes, reading through the {@link ShippedSchemas} in this jar. */
public final class RecordSerdes {

    private RecordSerdes() {
    }

    /** Serde of {@link Prompt}s on {@code grpo.prompts}. */
    public static RecordSerde<Prompt> prompt() {
        return forType(Prompt.class);
    }

    /** Serde of {@link Rollout}s on {@code grpo.rollouts}. */
    public static RecordSerde<Rollout> rollout() {
        return forType(Rollout.class);
    }

    /** Serde of {@link RewardScore}s on {@code grpo.rewards.<component>}. */
    public static RecordSerde<RewardScore> rewardScore() {
        return forType(RewardScore.class);
    }

    /** Serde of {@link AdvantageSample}s on {@code grpo.advantages} and {@code grpo.stale}. */
    public static RecordSerde<AdvantageSample> advantageSample() {
        return forType(AdvantageSample.class);
    }

    /** Serde of {@link SftExample}s on {@code grpo.sft}. */
    public static RecordSerde<SftExample> sftExample() {
        return forType(SftExample.class);
    }

    /** Serde of {@link PolicyVersion}s on {@code grpo.policy.versions}. */
    public static RecordSerde<PolicyVersion> policyVersion() {
        return forType(PolicyVersion.class);
    }

    /** Serde of {@link DeadLetter}s on {@code grpo.dlq}. */
    public static RecordSerde<DeadLetter> deadLetter() {
        return forType(DeadLetter.class);
    }

    /**
     * Serde of any top-level generated record.
     *
     * @throws IllegalArgumentException if the type has no shipped schema history (e.g. a nested record)
     */
    public static <T extends SpecificRecord> RecordSerde<T> forType(Class<T> type) {
        return forType(type, ShippedSchemas.fromClasspath());
    }

    /**
     * Serde of a top-level generated record reading through the given store (e.g. one extended
     * with {@link ShippedSchemas#withVersion} to try a version before shipping it).
     *
     * @throws IllegalArgumentException if the store has no version of the type's record
     */
    public static <T extends SpecificRecord> RecordSerde<T> forType(Class<T> type, ShippedSchemas schemas) {
        String record = SpecificData.getForClass(type).getSchema(type).getName();
        if (!schemas.records().contains(record)) {
            throw new IllegalArgumentException(type.getName() + " is not a top-level record with a shipped schema; "
                    + "serdes exist for " + schemas.records());
        }
        return new RecordSerde<>(type, schemas);
    }
}
