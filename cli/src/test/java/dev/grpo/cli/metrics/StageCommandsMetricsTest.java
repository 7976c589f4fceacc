package dev.grpo.cli.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.GrpoCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Every long-running stage declares {@code --metrics-port} and opens its endpoint before it touches Kafka: a busy
 * port stops it at once with one line naming the address (no broker runs here; the port is checked first).
 */
class StageCommandsMetricsTest {

    private static final String NO_BROKER = "localhost:1";

    private String runWithBusyPort(String... args) throws IOException {
        StringWriter err = new StringWriter();
        try (ServerSocket taken = new ServerSocket(0)) {
            List<String> line = new ArrayList<>(List.of(args));
            line.addAll(List.of("--metrics-port", String.valueOf(taken.getLocalPort())));
            CommandLine cli = GrpoCommand.commandLine().setErr(new PrintWriter(err, true))
                    .setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));

            assertThat(cli.execute(line.toArray(String[]::new))).as(err.toString()).isEqualTo(1);
            assertThat(err.toString()).contains("cannot serve metrics on 0.0.0.0:" + taken.getLocalPort() + " (")
                    .hasLineCount(1);
        }
        return err.toString();
    }

    @Test
    void generate() throws IOException {
        assertThat(runWithBusyPort("generate", "-b", NO_BROKER, "--generator-id", "g")).startsWith("grpo generate: ");
    }

    @Test
    void rewards(@TempDir Path state) throws IOException {
        assertThat(runWithBusyPort("rewards", "-b", NO_BROKER, "--state-dir", state.toString()))
                .startsWith("grpo rewards: ");
    }

    @Test
    void learn(@TempDir Path checkpoints) throws IOException {
        assertThat(runWithBusyPort("learn", "-b", NO_BROKER, "--checkpoint-dir", checkpoints.toString()))
                .startsWith("grpo learn: ");
    }

    @Test
    void demo(@TempDir Path dir) throws IOException {
        Path base = Files.createDirectories(dir.resolve("base"));
        assertThat(runWithBusyPort("demo", "--model", base.toString(), "--out", dir.resolve("run").toString(),
                "--log-to-terminal")).startsWith("grpo demo: ");
    }
}
