package dev.grpo.coderewards;

import dev.grpo.coderewards.internal.verify.UnrunnableSpecException;
import dev.grpo.records.RewardScore;
import dev.grpo.schemas.DeadLetterReason;
import dev.grpo.schemas.RecordDecodingException;
import dev.grpo.schemas.RecordLayout;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.schemas.VerificationSpec;
import dev.grpo.streams.spi.DeadLetters;
import dev.grpo.streams.spi.Score;
import dev.grpo.streams.spi.SinkLimit;
import dev.grpo.streams.spi.SourceRecord;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What the code-reward stage makes of one consumed rollout record: a {@code RewardScore} for the code component
 * (keyed and partitioned as the rollout), nothing for a rollout without a verification spec, a dead letter for a
 * record that is not a rollout or whose spec cannot be run here, or a sandbox failure, which is not the program's
 * fault and must never become a score. A sandbox failure is retried {@code sandboxRetries} times first. Thread-safe:
 * the stage's workers share one.
 */
final class CodeScoring {

    private final CodeVerifier verifier;
    private final boolean partial;
    private final int sandboxRetries;
    private final String version;
    private final String scoreTopic;
    private final SinkLimit scoreSink;
    private final String deadLetterTopic;
    private final DeadLetters deadLetters;

    /**
     * Scoring that runs programs with {@code verifier} ({@code partial}: the fraction of tests passed), publishes
     * scores within {@code scoreSink} and dead letters of stage {@code stage} within {@code deadLetterSink}.
     */
    CodeScoring(CodeVerifier verifier, boolean partial, int sandboxRetries, SinkLimit scoreSink, String stage,
            SinkLimit deadLetterSink) {
        if (sandboxRetries < 0) {
            throw new IllegalArgumentException("sandbox retries must be >= 0, got " + sandboxRetries);
        }
        this.verifier = verifier;
        this.partial = partial;
        this.sandboxRetries = sandboxRetries;
        this.version = new CodeReward(verifier, partial).version();
        this.scoreTopic = scoreSink.topic();
        this.scoreSink = scoreSink;
        this.deadLetterTopic = deadLetterSink.topic();
        this.deadLetters = new DeadLetters(stage, deadLetterSink);
    }

    /** The {@code reward_version} of the scores, as {@link CodeReward#version()} names it. */
    String version() {
        return version;
    }

    /** The outcome for one consumed rollout record; runs its program, so it takes as long as its tests. */
    Outcome score(ConsumerRecord<byte[], byte[]> record) {
        RecordLayout rollout;
        try {
            rollout = RecordSerdes.rollout().layout(record.topic(), record.partition(), record.offset(), record.value());
        } catch (RecordDecodingException undecodable) {
            return deadLetter(record, DeadLetterReason.undecodable(undecodable.kind()), undecodable.getMessage());
        }
        Optional<String> verification = rollout.optionalStringField("verification");
        if (verification.isEmpty()) {
            return new Skipped();
        }
        String rolloutId = rollout.stringField("rollout_id");
        VerificationSpec spec;
        try {
            spec = verifier.spec(verification.get());
        } catch (UnrunnableSpecException unrunnable) {
            return deadLetter(record, unrunnable.kind().deadLetterReason(), "rollout " + rolloutId + ": "
                    + unrunnable.getMessage());
        }
        Verdict verdict = verified(spec, rollout.stringField("completion_text"));
        if (verdict.sandboxFailed()) {
            return new SandboxFailed("the sandbox failed " + (sandboxRetries + 1) + " times on rollout " + rolloutId
                    + " (" + record.topic() + "-" + record.partition() + "@" + record.offset() + "): "
                    + verdict.reason());
        }
        return scored(record, rollout, verdict);
    }

    private Verdict verified(VerificationSpec spec, String completion) {
        Verdict verdict = verifier.verify(spec, completion, partial);
        for (int retry = 0; retry < sandboxRetries && verdict.sandboxFailed(); retry++) {
            verdict = verifier.verify(spec, completion, partial);
        }
        return verdict;
    }

    private Outcome scored(ConsumerRecord<byte[], byte[]> record, RecordLayout rollout, Verdict verdict) {
        RewardScore score = RewardScore.newBuilder()
                .setRolloutId(rollout.stringField("rollout_id"))
                .setGroupId(rollout.stringField("group_id"))
                .setIndex(rollout.intField("index"))
                .setGroupSize(rollout.intField("group_size"))
                .setComponent(CodeReward.NAME)
                .setValue(verdict.score(partial))
                .setRewardVersion(version)
                .setDetails(Score.publishedDetail(verdict.summary()))
                .setScoredAt(Instant.now())
                .build();
        byte[] value = RecordSerdes.rewardScore().encode(score);
        if (!scoreSink.admits(record.key(), value)) {
            return deadLetter(record, DeadLetterReason.OUTPUT_TOO_LARGE, scoreSink.refusal("the code score of rollout "
                    + score.getRolloutId(), record.key(), value));
        }
        // The rollout's partition: scores of a group land where the assembler reads its rollouts (co-partitioning).
        return new Scored(new ProducerRecord<>(scoreTopic, record.partition(), record.key(), value), verdict);
    }

    private Outcome deadLetter(ConsumerRecord<byte[], byte[]> record, DeadLetterReason errorType, String reason) {
        Record<byte[], byte[]> letter = deadLetters.of(new SourceRecord(record.topic(), record.partition(),
                record.offset(), record.key(), record.value()), errorType, reason, System.currentTimeMillis());
        return new DeadLettered(new ProducerRecord<>(deadLetterTopic, letter.key(), letter.value()), errorType);
    }

    /** What became of one rollout record. */
    sealed interface Outcome permits Scored, Skipped, DeadLettered, SandboxFailed {
    }

    /**
     * The program ran: its score, ready to publish.
     *
     * @param score the {@code RewardScore} record for {@code grpo.rewards.code}
     * @param verdict how the program did
     */
    record Scored(ProducerRecord<byte[], byte[]> score, Verdict verdict) implements Outcome {
    }

    /** The rollout has no verification spec: not a code task, nothing to publish. */
    record Skipped() implements Outcome {
    }

    /**
     * The record cannot be scored here: its dead letter, ready to publish.
     *
     * @param letter the {@code DeadLetter} record for the dead-letter topic
     * @param errorType the letter's error type
     */
    record DeadLettered(ProducerRecord<byte[], byte[]> letter, DeadLetterReason errorType) implements Outcome {
    }

    /**
     * The sandbox could not run the program, retries included: the stage must stop without committing it.
     *
     * @param reason what failed, naming the rollout and its coordinates
     */
    record SandboxFailed(String reason) implements Outcome {
    }
}
