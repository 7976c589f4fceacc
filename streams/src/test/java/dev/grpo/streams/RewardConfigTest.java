package dev.grpo.streams;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void aComponentScopedToTasksAppliesOnlyToThem() throws IOException {
        RewardConfig config = RewardConfigFile.fromProperties(new StringReader("""
                weight.code=1.0
                tasks.code=code
                tasks.accuracy=arithmetic, countdown
                """));

        assertThat(config.componentTasks()).containsOnlyKeys("accuracy", "code");
        assertThat(config.componentTasks().get("accuracy")).containsExactly("arithmetic", "countdown");
        assertThat(config.appliesTo("accuracy", "countdown")).isTrue();
        assertThat(config.appliesTo("accuracy", "code")).isFalse();
        assertThat(config.appliesTo("accuracy", "")).isFalse();
        assertThat(config.appliesTo("format", "code")).isTrue();
        assertThat(config.componentsFor("arithmetic")).containsExactly("accuracy", "format", "language_consistency");
        assertThat(config.componentsFor("code")).containsExactly("format", "language_consistency", "code");
    }

    @Test
    void readsTaskScopesFromJsonAsListsOrText() {
        RewardConfig config = RewardConfigFile.fromJson("""
                {"weight": {"code": 1}, "tasks": {"code": ["code", "code-golf"], "accuracy": "arithmetic"}}
                """);

        assertThat(config.componentTasks().get("code")).containsExactly("code", "code-golf");
        assertThat(config.componentTasks().get("accuracy")).containsExactly("arithmetic");
    }

    @Test
    void anEmptyTaskListMeansEveryTask() {
        RewardConfig scoped = RewardConfig.defaults().with(Map.of("tasks.accuracy", "arithmetic"));

        RewardConfig unscoped = scoped.with(Map.of("tasks.accuracy", " "));

        assertThat(unscoped.componentTasks()).isEmpty();
        assertThat(unscoped.appliesTo("accuracy", "code")).isTrue();
        assertThat(RewardConfig.defaults().componentTasks()).isEmpty();
    }

    @Test
    void theTaskAwareWeightedSumNeedsOnlyTheTasksComponents() {
        RewardConfig config = RewardConfig.defaults().with(Map.of("weight.code", "0.5", "tasks.code", "code",
                "tasks.accuracy", "arithmetic"));

        assertThat(config.weightedSum("arithmetic", Map.of("accuracy", 1.0, "format", 1.0, "language_consistency", 1.0)))
                .isEqualTo(3.0);
        assertThat(config.weightedSum("code", Map.of("accuracy", 1.0, "format", 1.0, "language_consistency", 0.0,
                "code", 1.0))).isEqualTo(1.5);
        assertThatThrownBy(() -> config.weightedSum("code", Map.of("format", 1.0, "language_consistency", 1.0)))
                .hasMessageContaining("'code' is missing");
        assertThatThrownBy(() -> config.weightedSum(Map.of("format", 1.0, "language_consistency", 1.0, "code", 1.0)))
                .hasMessageContaining("'accuracy' is missing");
    }

    @Test
    void rejectsScopesOfComponentsThatAreNeitherWeightedNorRules() {
        RewardConfig defaults = RewardConfig.defaults();

        assertThatThrownBy(() -> defaults.with(Map.of("tasks.judge", "code"))).hasMessageContaining("'tasks.judge'");
        assertThatThrownBy(() -> defaults.with(Map.of("weight.code", "1", "tasks.code", "code")).with(
                Map.of("weight.code", "none"))).hasMessageContaining("'tasks.code'");
        assertThatThrownBy(() -> defaults.with(Map.of("tasks.Bad Name", "code"))).hasMessageContaining("'Bad Name'");
        assertThat(defaults.with(Map.of("weight.format", "none", "tasks.format", "code")).appliesTo("format", "code"))
                .isTrue();
    }

    @Test
    void rejectsUnknownKeysAndMalformedValuesByName() {
        RewardConfig defaults = RewardConfig.defaults();

        assertThatThrownBy(() -> defaults.with(Map.of("weights.judge", "1"))).hasMessageContaining("'weights.judge'")
                .hasMessageContaining("tasks.<component>");
        assertThatThrownBy(() -> defaults.with(Map.of("weight.judge", "heavy"))).hasMessageContaining("'heavy'");
        assertThatThrownBy(() -> defaults.with(Map.of("weight.judge", "NaN"))).hasMessageContaining("finite");
        assertThatThrownBy(() -> defaults.with(Map.of("weight.Bad Name", "1"))).hasMessageContaining("'Bad Name'");
        assertThatThrownBy(() -> defaults.with(Map.of("groups.timeout", "soon"))).hasMessageContaining("'soon'");
        assertThatThrownBy(() -> RewardConfigFile.fromJson("{\"weight\": ")).hasMessageContaining("malformed JSON");
    }
}
