package dev.grpo.cli.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void propertiesAreReadAsTheyAre() throws IOException {
        Path file = Files.writeString(dir.resolve("grpo.properties"), "lr = 1e-5\nlearn.max-steps=40\n");
        assertThat(ConfigFile.read(file).values()).isEqualTo(Map.of("lr", "1e-5", "learn.max-steps", "40"));
    }

    @Test
    void yamlKeysAreJoinedWithDotsAndListsWithCommas() throws IOException {
        Path file = Files.writeString(dir.resolve("grpo.yml"),
                "seed: 7\nbench:\n  model:\n    model: [demo, tiny]\n    device: cpu\n");
        assertThat(ConfigFile.read(file).values()).isEqualTo(Map.of("seed", "7", "bench.model.model", "demo,tiny",
                "bench.model.device", "cpu"));
    }

    @Test
    void anEmptyYamlFileSetsNothing() throws IOException {
        assertThat(ConfigFile.read(Files.writeString(dir.resolve("empty.yaml"), "")).values()).isEmpty();
    }

    @Test
    void aMissingOrMalformedFileIsOneLineNamingIt() throws IOException {
        Path missing = dir.resolve("none.properties");
        assertThatThrownBy(() -> ConfigFile.read(missing)).hasMessage("config file " + missing + " does not exist");
        Path malformed = Files.writeString(dir.resolve("bad.yaml"), "learn: [unclosed\n");
        assertThatThrownBy(() -> ConfigFile.read(malformed)).hasMessageStartingWith("cannot read config file "
                + malformed + ": ").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        Path scalar = Files.writeString(dir.resolve("scalar.yaml"), "just text\n");
        assertThatThrownBy(() -> ConfigFile.read(scalar)).hasMessage("cannot read config file " + scalar
                + ": expected a mapping of keys to values");
    }
}
