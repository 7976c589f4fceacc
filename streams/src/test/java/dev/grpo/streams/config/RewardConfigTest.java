package dev.grpo.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardConfigTest {

    @Test
    void defaultsAreDeepSeekR1Like() {
        RewardConfig defaults = RewardConfig.defaults();

        assertThat(defaults.weights()).containsExactly(Map.entry("accuracy", 1.0), Map.entry("format", 1.0),
                Map.entry("language_consistency", 1.0));
        assertThat(defaults.ruleComponents()).containsExactly("accuracy", "format", "language_consistency");
        assertThat(defaults.externalComponents()).isEmpty();
        assertThat(defaults.scaleByStd()).isTrue();
        assertThat(defaults.dropUniformGroups()).isFalse();
    }

    @Test
    void anExternalComponentIsAWeightWithoutAnInProcessFunction() {
        RewardConfig config = RewardConfig.defaults().with(Map.of("weight.judge", "0.5"));

        assertThat(config.externalComponents()).containsExactly("judge");
        assertThat(config.weights()).containsEntry("judge", 0.5);
    }

    @Test
    void weightedSumUsesEveryConfiguredComponent() {
        RewardConfig config = RewardConfig.defaults().with(Map.of("weight.format", "0.5",
                "weight.language_consistency", "none"));

        assertThat(config.weightedSum(Map.of("accuracy", 1.0, "format", 1.0, "extra", 7.0))).isEqualTo(1.5);
        assertThatThrownBy(() -> config.weightedSum(Map.of("accuracy", 1.0)))
                .hasMessageContaining("'format' is missing");
    }

    @Test
    void readsPropertiesOverTheDefaults() throws IOException {
        RewardConfig config = RewardConfigFile.fromProperties(new StringReader("""
                weight.judge=0.25
                advantage.scale-by-std=false
                groups.drop-uniform=true
                groups.timeout=90s
                score.timeout=250ms
                option.accuracy.mode=strict
                """));

        assertThat(config.weights()).containsEntry("judge", 0.25).containsEntry("accuracy", 1.0);
        assertThat(config.scaleByStd()).isFalse();
        assertThat(config.dropUniformGroups()).isTrue();
        assertThat(config.groupTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.rewardOptions().get("accuracy").timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.rewardOptions().get("accuracy").setting("mode")).contains("strict");
    }

    @Test
    void readsJsonWithTheSameKeysNested(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rewards.json");
        Files.writeString(file, """
                {"weight": {"judge": 0.5, "language_consistency": "none"},
                 "rules": ["accuracy", "format"],
                 "groups": {"timeout": "PT2M", "max-size": 16}}
                """);

        RewardConfig config = RewardConfigFile.load(file);

        assertThat(config.weights()).containsOnlyKeys("accuracy", "format", "judge");
        assertThat(config.ruleComponents()).containsExactly("accuracy", "format");
        assertThat(config.groupTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.maxGroupSize()).isEqualTo(16);
    }

    @Test
    void rejectsUnknownKeysAndMalformedValuesByName() {
        RewardConfig defaults = RewardConfig.defaults();

        assertThatThrownBy(() -> defaults.with(Map.of("weights.judge", "1"))).hasMessageContaining("'weights.judge'");
        assertThatThrownBy(() -> defaults.with(Map.of("weight.judge", "heavy"))).hasMessageContaining("'heavy'");
        assertThatThrownBy(() -> defaults.with(Map.of("weight.judge", "NaN"))).hasMessageContaining("finite");
        assertThatThrownBy(() -> defaults.with(Map.of("weight.Bad Name", "1"))).hasMessageContaining("'Bad Name'");
        assertThatThrownBy(() -> defaults.with(Map.of("groups.timeout", "soon"))).hasMessageContaining("'soon'");
        assertThatThrownBy(() -> RewardConfigFile.fromJson("{\"weight\": ")).hasMessageContaining("malformed JSON");
    }
}
