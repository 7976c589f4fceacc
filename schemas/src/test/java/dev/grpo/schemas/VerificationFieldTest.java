package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.records.Prompt;
import dev.grpo.records.Rollout;
import java.io.IOException;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Prompt v2 and Rollout v2 added the optional verification spec: releases before and after it share topics in both
 * directions, and the spec's JSON text travels unchanged.
 */
class VerificationFieldTest {

    private final ShippedSchemas shipped = ShippedSchemas.fromClasspath();

    @Test
    void aPromptAndARolloutCarryTheSpecTextUnchanged() {
        Prompt prompt = RecordSerdes.prompt().decode("grpo.prompts", 0, 0L,
                RecordSerdes.prompt().encode(SampleRecords.fullPrompt()));
        Rollout rollout = RecordSerdes.rollout().decode("grpo.rollouts", 0, 0L,
                RecordSerdes.rollout().encode(SampleRecords.fullRollout()));

        assertThat(prompt.getVerification()).isEqualTo(rollout.getVerification()).isEqualTo(SampleRecords.VERIFICATION);
        assertThat(VerificationSpec.parse(prompt.getVerification()).kind()).isEqualTo("stdin-stdout");
    }

    @Test
    void recordsWithoutASpecCarryNull() {
        assertThat(RecordSerdes.prompt().decode("grpo.prompts", 0, 0L,
                RecordSerdes.prompt().encode(SampleRecords.sparsePrompt())).getVerification()).isNull();
        assertThat(RecordSerdes.rollout().decode("grpo.rollouts", 0, 0L,
                RecordSerdes.rollout().encode(SampleRecords.sparseRollout())).getVerification()).isNull();
    }

    @Test
    void aFirstVersionReaderReadsANewPromptWithoutTheSpec() throws IOException {
        GenericRecord read = firstVersion("Prompt").read(RecordSerdes.prompt().encode(SampleRecords.fullPrompt()));

        assertThat(read.hasField("verification")).isFalse();
        assertThat(read.get("prompt_id")).hasToString("arith-000042");
        assertThat(read.get("task")).hasToString("arithmetic");
    }

    @Test
    void aFirstVersionReaderReadsANewRolloutWithoutTheSpec() throws IOException {
        GenericRecord read = firstVersion("Rollout").read(RecordSerdes.rollout().encode(SampleRecords.fullRollout()));

        assertThat(read.hasField("verification")).isFalse();
        assertThat(read.get("rollout_id")).hasToString("g-42/3");
        assertThat(read.get("completion_text")).hasToString(SampleRecords.CJK);
    }

    @Test
    void theCurrentReaderReadsRecordsAFirstVersionWriterWroteAsHavingNoSpec() throws IOException {
        Prompt prompt = SampleRecords.fullPrompt();
        Rollout rollout = SampleRecords.fullRollout();

        assertThat(throughFirstVersion(RecordSerdes.prompt(), "Prompt", prompt))
                .isEqualTo(Prompt.newBuilder(prompt).setVerification(null).build());
        assertThat(throughFirstVersion(RecordSerdes.rollout(), "Rollout", rollout))
                .isEqualTo(Rollout.newBuilder(rollout).setVerification(null).setTokenPolicyVersions(null).build());
    }

    /** The record as the current release reads it after a release that knows only v1 wrote it. */
    private <T extends SpecificRecord> T throughFirstVersion(RecordSerde<T> serde, String record, T full)
            throws IOException {
        return serde.decode("grpo.test", 1, 7L, firstVersion(record).rewrite(serde.encode(full)));
    }

    private OlderRelease firstVersion(String record) {
        return OlderRelease.knowing(shipped, record, 1);
    }
}
