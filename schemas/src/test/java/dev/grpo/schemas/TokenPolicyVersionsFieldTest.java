package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.Rollout;
import java.io.IOException;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * Rollout v3 and AdvantageSample v2 added the optional per-token policy versions of a partial rollout: releases
 * before and after it share topics in both directions, a record from an older writer reads as having none (every
 * token from policy_version), and an older reader reads a new record without them.
 */
class TokenPolicyVersionsFieldTest {

    private final ShippedSchemas shipped = ShippedSchemas.fromClasspath();
    private final OlderRelease rolloutV2 = OlderRelease.knowing(shipped, "Rollout", 2);
    private final OlderRelease advantageSampleV1 = OlderRelease.knowing(shipped, "AdvantageSample", 1);

    @Test
    void aRolloutAndASampleCarryTheVersionsUnchanged() {
        Rollout rollout = RecordSerdes.rollout().decode("grpo.rollouts", 0, 0L,
                RecordSerdes.rollout().encode(SampleRecords.fullRollout()));
        AdvantageSample sample = RecordSerdes.advantageSample().decode("grpo.advantages", 0, 0L,
                RecordSerdes.advantageSample().encode(SampleRecords.fullAdvantageSample()));

        assertThat(rollout.getTokenPolicyVersions())
                .containsExactly(Long.MAX_VALUE - 2, Long.MAX_VALUE - 1, Long.MAX_VALUE)
                .first().isEqualTo(rollout.getPolicyVersion());
        assertThat(sample.getTokenPolicyVersions()).containsExactly(12L, 13L);
    }

    @Test
    void aRolloutTheSecondVersionWroteReadsAsHavingNoTokenVersions() throws IOException {
        Rollout rollout = SampleRecords.fullRollout();

        byte[] old = rolloutV2.rewrite(RecordSerdes.rollout().encode(rollout));

        assertThat(RecordSerdes.rollout().decode("grpo.rollouts", 0, 0L, old))
                .isEqualTo(Rollout.newBuilder(rollout).setTokenPolicyVersions(null).build());
    }

    @Test
    void aSecondVersionReaderReadsANewRolloutWithoutTheTokenVersions() throws IOException {
        Rollout rollout = SampleRecords.fullRollout();

        GenericRecord read = rolloutV2.read(RecordSerdes.rollout().encode(rollout));

        assertThat(read.hasField("token_policy_versions")).isFalse();
        assertThat(read.get("policy_version")).isEqualTo(rollout.getPolicyVersion());
        assertThat(read.get("completion_text")).hasToString(SampleRecords.CJK);
        assertThat(read.get("verification")).hasToString(SampleRecords.VERIFICATION);
        assertThat(read.get("behaviour_logprobs")).asList().hasSize(3);
    }

    @Test
    void aSampleTheFirstVersionWroteReadsAsHavingNoTokenVersions() throws IOException {
        AdvantageSample sample = SampleRecords.fullAdvantageSample();

        byte[] old = advantageSampleV1.rewrite(RecordSerdes.advantageSample().encode(sample));

        assertThat(RecordSerdes.advantageSample().decode("grpo.advantages", 0, 0L, old))
                .isEqualTo(AdvantageSample.newBuilder(sample).setTokenPolicyVersions(null).build());
    }

    @Test
    void aFirstVersionReaderReadsANewSampleWithoutTheTokenVersions() throws IOException {
        AdvantageSample sample = SampleRecords.fullAdvantageSample();

        GenericRecord read = advantageSampleV1.read(RecordSerdes.advantageSample().encode(sample));

        assertThat(read.hasField("token_policy_versions")).isFalse();
        assertThat(read.get("policy_version")).isEqualTo(12L);
        assertThat(read.get("advantage")).isEqualTo(sample.getAdvantage());
        assertThat(read.get("assembled_at")).isEqualTo(SampleRecords.FINISHED.toEpochMilli());
        assertThat(read.get("completion_token_ids")).isEqualTo(List.of(8, 9));
    }
}
