package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.PolicyVersion;
import dev.grpo.records.Prompt;
import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.records.SamplingParams;
import dev.grpo.records.SftExample;
import org.junit.jupiter.api.Test;

class RecordSerdesTest {

    @Test
    void eachFactoryServesItsRecord() {
        assertThat(RecordSerdes.prompt().schema()).isEqualTo(Prompt.getClassSchema());
        assertThat(RecordSerdes.rollout().schema()).isEqualTo(Rollout.getClassSchema());
        assertThat(RecordSerdes.rewardScore().schema()).isEqualTo(RewardScore.getClassSchema());
        assertThat(RecordSerdes.advantageSample().schema()).isEqualTo(AdvantageSample.getClassSchema());
        assertThat(RecordSerdes.sftExample().schema()).isEqualTo(SftExample.getClassSchema());
        assertThat(RecordSerdes.policyVersion().schema()).isEqualTo(PolicyVersion.getClassSchema());
        assertThat(RecordSerdes.deadLetter().schema()).isEqualTo(DeadLetter.getClassSchema());
    }

    @Test
    void forTypeServesAnyTopLevelRecord() {
        RecordSerde<Rollout> serde = RecordSerdes.forType(Rollout.class);

        assertThat(serde.decode("grpo.rollouts", 0, 0L, serde.encode(SampleRecords.fullRollout())))
                .isEqualTo(SampleRecords.fullRollout());
    }

    @Test
    void aNestedRecordHasNoSerdeBecauseNothingIsPublishedAsOne() {
        assertThatThrownBy(() -> RecordSerdes.forType(SamplingParams.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dev.grpo.records.SamplingParams")
                .hasMessageContaining("Rollout");
    }
}
