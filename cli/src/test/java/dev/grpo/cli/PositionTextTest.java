package dev.grpo.cli;

import dev.grpo.cli.options.PositionText;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.streams.ReplayPosition;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class PositionTextTest {

    @Test
    void readsEveryFormOfTheOnePositionSyntax() {
        PositionText text = new PositionText();
        assertThat(text.convert("earliest")).isEqualTo(new ReplayPosition.Earliest());
        assertThat(text.convert("offset:42")).isEqualTo(new ReplayPosition.Offset(42));
        assertThat(text.convert("timestamp:2026-11-22T10:00:00Z"))
                .isEqualTo(new ReplayPosition.Timestamp(Instant.parse("2026-11-22T10:00:00Z")));
        assertThat(text.convert("timestamp:1000")).isEqualTo(new ReplayPosition.Timestamp(Instant.ofEpochMilli(1000)));
        assertThat(text.convert("version:3")).isEqualTo(new ReplayPosition.Version(3));
    }

    @Test
    void aBadPositionIsAConversionErrorNamingTheForms() {
        assertThatThrownBy(() -> new PositionText().convert("latest"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("expected earliest, offset:N, timestamp:T (ISO-8601 or epoch ms) or version:V");
    }

    @Test
    void replayAndExportSpellPositionsAlike() {
        GrpoRun replay = GrpoRun.execute(Map.of(), "replay", "--run", "r", "--reward-config", "r.properties",
                "--from", "yesterday");
        GrpoRun export = GrpoRun.execute(Map.of(), "export", "--topic", "t", "--format", "jsonl", "--out", "o",
                "--from", "yesterday");
        for (GrpoRun run : new GrpoRun[] {replay, export}) {
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("Invalid value for option '--from': cannot read the position 'yesterday'");
        }
    }

    @Test
    void exportRefusesAVersionPosition() {
        GrpoRun run = GrpoRun.execute(Map.of(), "export", "--topic", "grpo.rollouts", "--format", "jsonl", "--out",
                "o.jsonl", "--from", "version:3", "-b", "localhost:1");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("grpo export: --from version:3: an export starts at earliest, offset:N or "
                + "timestamp:T");
    }
}
