package dev.grpo.cli.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.GrpoRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultOriginSectionTest {

    @Test
    void helpNamesWhereEachDefaultSetOutsideTheCommandLineCameFrom(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("grpo.properties"), "pretrain.steps=99\n");
        String help = GrpoRun.execute(Map.of("GRPO_BATCH_SIZE", "64"), "--config", file.toString(), "pretrain",
                "--help").out();
        assertThat(help).contains("Defaults from outside the command line:",
                "  --batch-size  (default: 64, from GRPO_BATCH_SIZE)",
                "  --steps  (default: 99, from " + file + ", key pretrain.steps)");
        assertThat(help).containsPattern("per\\s+batch\\s+\\(default:\\s+64\\)");
    }

    @Test
    void helpHasNoSuchSectionWhenEveryDefaultIsBuiltIn() {
        assertThat(GrpoRun.execute(Map.of(), "pretrain", "--help").out())
                .doesNotContain("Defaults from outside the command line").contains("Optimiser steps (default: 1500)");
    }
}
