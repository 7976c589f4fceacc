package dev.grpo.coderewards;

import dev.grpo.coderewards.CodeScoring.DeadLettered;
import dev.grpo.coderewards.CodeScoring.Outcome;
import dev.grpo.coderewards.CodeScoring.SandboxFailed;
import dev.grpo.coderewards.CodeScoring.Scored;
import dev.grpo.coderewards.CodeScoring.Skipped;
import dev.grpo.coderewards.internal.sandbox.Language;
import dev.grpo.coderewards.internal.sandbox.Sandbox;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.FinishReason;
import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.records.SamplingParams;
import dev.grpo.schemas.DeadLetterReason;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.spi.SinkLimit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CodeScoringTest {

    static final String ADD_SPEC = "{\"kind\": \"stdin-stdout\", \"language\": \"python\", \"tests\": ["
            + "{\"input\": \"2 3\\n\", \"output\": \"5\"}, {\"input\": \"10 -4\\n\", \"output\": \"6\"}],"
            + " \"time_limit_s\": 2, \"memory_mb\": 256}";
    static final String ADDS = "```python\na, b = map(int, input().split())\nprint(a + b)\n```";
    static final String SUBTRACTS = "```python\na, b = map(int, input().split())\nprint(a - b)\n```";

    private static final SinkLimit SCORES = new SinkLimit("grpo.rewards.code", 1024 * 1024);
    private static final SinkLimit LETTERS = new SinkLimit("grpo.dlq", 1024 * 1024);

    private final CodeScoring allOrNothing = new CodeScoring(CodeVerifier.installed(), false, 2, SCORES,
            "grpo-code-reward", LETTERS);

    @Test
    void aPassingProgramScoresOneOnTheRolloutsKeyAndPartition() {
        Outcome outcome = allOrNothing.score(record(3, rollout("g-1", 2, ADDS, ADD_SPEC)));

        assertThat(outcome).isInstanceOf(Scored.class);
        Scored scored = (Scored) outcome;
        assertThat(scored.score().topic()).isEqualTo("grpo.rewards.code");
        assertThat(scored.score().partition()).isEqualTo(3);
        assertThat(new String(scored.score().key(), StandardCharsets.UTF_8)).isEqualTo("g-1");
        RewardScore score = RecordSerdes.rewardScore().decode("grpo.rewards.code", 3, 0, scored.score().value());
        assertThat(score.getRolloutId()).isEqualTo("g-1/2");
        assertThat(score.getComponent()).isEqualTo("code");
        assertThat(score.getValue()).isEqualTo(1.0);
        assertThat(score.getDetails()).isEqualTo("passed 2/2");
        assertThat(score.getRewardVersion()).isEqualTo("code-1/all-tests/python");
    }

    @Test
    void aWrongProgramScoresZeroWithTheFailingTestInTheDetails() {
        Scored scored = (Scored) allOrNothing.score(record(0, rollout("g-1", 0, SUBTRACTS, ADD_SPEC)));
        RewardScore score = RecordSerdes.rewardScore().decode("t", 0, 0, scored.score().value());

        assertThat(score.getValue()).isEqualTo(0.0);
        assertThat(scored.verdict().failure()).isEqualTo(Failure.WRONG_ANSWER);
        assertThat(score.getDetails()).startsWith("passed 0/2: wrong answer on test 1 of 2");
    }

    @Test
    void partialScoringGivesTheFractionOfTestsPassed() {
        CodeScoring partial = new CodeScoring(CodeVerifier.installed(), true, 2, SCORES, "stage", LETTERS);
        String firstOnly = "```python\nprint(5)\n```";
        Scored scored = (Scored) partial.score(record(0, rollout("g-1", 0, firstOnly, ADD_SPEC)));

        assertThat(RecordSerdes.rewardScore().decode("t", 0, 0, scored.score().value()).getValue()).isEqualTo(0.5);
        assertThat(partial.version()).isEqualTo("code-1/partial/python");
    }

    @Test
    void aRolloutWithoutVerificationIsSkipped() {
        assertThat(allOrNothing.score(record(0, rollout("g-1", 0, ADDS, null)))).isInstanceOf(Skipped.class);
    }

    @Test
    void aMalformedSpecIsDeadLetteredWithTheOriginalBytes() {
        byte[] value = RecordSerdes.rollout().encode(rollout("g-9", 1, ADDS, "{\"kind\": \"stdin-stdout\"}"));
        DeadLettered dead = (DeadLettered) allOrNothing.score(new ConsumerRecord<>("grpo.rollouts", 4, 17L,
                "g-9".getBytes(StandardCharsets.UTF_8), value));

        DeadLetter letter = RecordSerdes.deadLetter().decode("grpo.dlq", 0, 0, dead.letter().value());
        assertThat(dead.letter().topic()).isEqualTo("grpo.dlq");
        assertThat(letter.getErrorType()).isEqualTo("MALFORMED_VERIFICATION");
        assertThat(letter.getReason()).contains("rollout g-9/1: malformed verification spec");
        assertThat(letter.getStage()).isEqualTo("grpo-code-reward");
        assertThat(letter.getSourcePartition()).isEqualTo(4);
        assertThat(letter.getSourceOffset()).isEqualTo(17L);
        assertThat(letter.getOriginalValue().array()).isEqualTo(value);
    }

    @Test
    void anUndecodableRecordIsDeadLettered() {
        DeadLettered dead = (DeadLettered) allOrNothing.score(new ConsumerRecord<>("grpo.rollouts", 0, 5L,
                "k".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8)));

        assertThat(RecordSerdes.deadLetter().decode("grpo.dlq", 0, 0, dead.letter().value()).getReason())
                .contains("grpo.rollouts");
    }

    @Test
    void anUnsupportedLanguageIsDeadLettered() {
        String rust = ADD_SPEC.replace("\"python\"", "\"rust\"");
        DeadLettered dead = (DeadLettered) allOrNothing.score(record(0, rollout("g-1", 0, ADDS, rust)));

        assertThat(dead.errorType()).isEqualTo(DeadLetterReason.UNSUPPORTED_LANGUAGE);
    }

    @Test
    void aBrokenSandboxIsNeverScored() {
        CodeScoring broken = new CodeScoring(new CodeVerifier(Map.of("python", new Sandbox(unrunnable()))), false, 1,
                SCORES, "stage", LETTERS);

        Outcome outcome = broken.score(record(2, rollout("g-5", 0, ADDS, ADD_SPEC)));

        assertThat(outcome).isInstanceOf(SandboxFailed.class);
        assertThat(((SandboxFailed) outcome).reason()).contains("failed 2 times on rollout g-5/0");
    }

    /** Python whose source file cannot be placed in the sandbox: every run fails in the sandbox, not the program. */
    static Language unrunnable() {
        return new Language("python", ".", List.of("/usr/bin/python3", "-I", "."), List.of(), "MemoryError");
    }

    static ConsumerRecord<byte[], byte[]> record(int partition, Rollout rollout) {
        return new ConsumerRecord<>("grpo.rollouts", partition, 0L,
                rollout.getGroupId().getBytes(StandardCharsets.UTF_8), RecordSerdes.rollout().encode(rollout));
    }

    static Rollout rollout(String groupId, int index, String completion, String verification) {
        return Rollout.newBuilder()
                .setRolloutId(groupId + "/" + index).setGroupId(groupId).setIndex(index).setGroupSize(4)
                .setPromptId("p-" + groupId).setPrompt("Add two numbers.").setGroundTruth("").setLanguage("en")
                .setTask("code").setPromptTokenIds(List.of(1)).setCompletionTokenIds(List.of(2))
                .setBehaviourLogprobs(List.of(-0.5f)).setCompletionText(completion)
                .setFinishReason(FinishReason.STOP).setPolicyVersion(1).setGeneratorId("test")
                .setSampling(SamplingParams.newBuilder().setTemperature(1f).setTopP(1f).setMaxNewTokens(64).build())
                .setCreatedAt(Instant.now()).setFinishedAt(Instant.now()).setVerification(verification)
                .build();
    }
}
