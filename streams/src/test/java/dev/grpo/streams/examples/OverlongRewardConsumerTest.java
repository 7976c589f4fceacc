package dev.grpo.streams.examples;

import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.internal.topology.TestRollouts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OverlongRewardConsumerTest {

    @Test
    void penaltyIsZeroThenFallsLinearlyToMinusOne() {
        assertThat(OverlongRewardConsumer.penalty(448, 512, 64)).isZero();
        assertThat(OverlongRewardConsumer.penalty(480, 512, 64)).isEqualTo(-0.5);
        assertThat(OverlongRewardConsumer.penalty(512, 512, 64)).isEqualTo(-1.0);
        assertThat(OverlongRewardConsumer.penalty(600, 512, 64)).isEqualTo(-1.0);
    }

    @Test
    void readsRolloutsAndWritesScoresThatThePipelineDecodes() throws IOException {
        OverlongRewardConsumer consumer = new OverlongRewardConsumer(
                List.of(shipped("Rollout/v1.avsc"), shipped("Rollout/v2.avsc"), shipped("Rollout/v3.avsc")),
                shipped("RewardScore/v1.avsc"), 2);
        Rollout rollout = TestRollouts.rollout("g-1", 3, 8, "579");
        rollout.getSampling().setMaxNewTokens(5);
        rollout.setCompletionTokenIds(Collections.nCopies(4, 9));

        byte[] encoded = consumer.score(RecordSerdes.rollout().encode(rollout));

        RewardScore score = RecordSerdes.rewardScore().decode("grpo.rewards.overlong", 0, 0, encoded);
        assertThat(score.getComponent()).isEqualTo("overlong");
        assertThat(score.getValue()).isEqualTo(-0.5);
        assertThat(score.getRolloutId()).isEqualTo("g-1/3");
        assertThat(score.getGroupId()).isEqualTo("g-1");
        assertThat(score.getIndex()).isEqualTo(3);
        assertThat(score.getGroupSize()).isEqualTo(8);
    }

    /** The shipped .avsc text, as a reader in any language would take it from schemas/. */
    private static String shipped(String file) throws IOException {
        try (InputStream in = OverlongRewardConsumerTest.class.getResourceAsStream("/dev/grpo/schemas/history/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
