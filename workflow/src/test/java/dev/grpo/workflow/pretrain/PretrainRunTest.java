package dev.grpo.workflow.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.grpo.policy.ModelPreset;
import dev.grpo.workflow.pretrain.PretrainRun.Config;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a pretraining run accepts: the one synthetic task, a known preset, positive counts. */
class PretrainRunTest {

    private static Config settings(String task, int steps, String preset) {
        return new Config(task, Path.of("out"), steps, 32, 2e-3f, 1, preset, Device.cpu());
    }

    @Test
    void namesThePresetCaseInsensitively() {
        assertThat(settings("arithmetic", 10, "Tiny").modelPreset()).isEqualTo(ModelPreset.TINY);
    }

    @Test
    void refusesAnUnknownTaskNamingIt() {
        assertThatThrownBy(() -> settings("chess", 10, "demo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown task 'chess': only 'arithmetic' exists");
    }

    @Test
    void refusesAnUnknownPresetNamingIt() {
        assertThatThrownBy(() -> settings("arithmetic", 10, "huge")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown preset 'huge': use demo or tiny");
    }

    @Test
    void refusesZeroSteps() {
        assertThatThrownBy(() -> settings("arithmetic", 0, "demo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be > 0");
    }
}
