package dev.grpo.cli.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.FinishReason;
import dev.grpo.records.Rollout;
import dev.grpo.records.SamplingParams;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain JSON form of a record: field names as keys, union values unwrapped, enums as symbols, bytes as base64,
 * timestamps as ISO-8601 instants.
 */
class JsonFormTest {

    private static final Instant AT = Instant.parse("2026-11-22T10:00:00.250Z");

    @Test
    void aRolloutBecomesAnObjectWithItsFieldNamesAndPlainValues() {
        Rollout rollout = rollout();

        JsonNode json = JsonForm.of(rollout.getSchema(), rollout);

        assertThat(json.get("rollout_id").asText()).isEqualTo("g/1");
        assertThat(json.get("completion_token_ids").toString()).isEqualTo("[3]");
        assertThat(json.get("behaviour_logprobs").get(0).floatValue()).isEqualTo(-0.5f);
        assertThat(json.get("finish_reason").asText()).isEqualTo("LENGTH");
        assertThat(json.get("policy_version").asLong()).isEqualTo(7);
        assertThat(json.get("sampling").get("seed").isNumber()).isTrue();
        assertThat(json.get("sampling").get("seed").asLong()).isEqualTo(99);
        assertThat(json.get("created_at").asText()).isEqualTo("2026-11-22T10:00:00.250Z");
    }

    @Test
    void thePerTokenPolicyVersionsAreAnArrayOfNumbersOrNull() {
        Rollout partial = Rollout.newBuilder(rollout()).setCompletionTokenIds(List.of(3, 4, 5))
                .setBehaviourLogprobs(List.of(-0.5f, -1f, -2f)).setTokenPolicyVersions(List.of(7L, 7L, 1L << 60)).build();

        assertThat(JsonForm.of(partial.getSchema(), partial).get("token_policy_versions").toString())
                .isEqualTo("[7,7,1152921504606846976]");
        assertThat(JsonForm.of(partial.getSchema(), rollout()).get("token_policy_versions").isNull()).isTrue();
    }

    @Test
    void bytesAreBase64AndAnAbsentOptionalValueIsNull() {
        DeadLetter letter = DeadLetter.newBuilder().setSourceTopic("t").setSourcePartition(0).setSourceOffset(5)
                .setStage("learner").setReason("bad").setErrorType("CORRUPT")
                .setOriginalKey(null).setOriginalValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setFailedAt(AT).build();

        JsonNode json = JsonForm.of(letter.getSchema(), letter);

        assertThat(json.get("original_key").isNull()).isTrue();
        assertThat(json.get("original_value").asText()).isEqualTo("AQID");
    }

    private static Rollout rollout() {
        return Rollout.newBuilder()
                .setRolloutId("g/1").setGroupId("g").setIndex(1).setGroupSize(2).setPromptId("p").setPrompt("1+1?")
                .setGroundTruth("2").setLanguage("en").setTask("arithmetic").setPromptTokenIds(List.of(1, 2))
                .setCompletionTokenIds(List.of(3)).setBehaviourLogprobs(List.of(-0.5f)).setCompletionText("2")
                .setFinishReason(FinishReason.LENGTH).setPolicyVersion(7).setGeneratorId("gen")
                .setSampling(SamplingParams.newBuilder().setTemperature(1f).setTopP(1f).setMaxNewTokens(8)
                        .setSeed(99L).build())
                .setCreatedAt(AT).setFinishedAt(AT).build();
    }
}
