package dev.grpo.cli.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.workflow.metrics.MetricsPortUnavailableException;
import dev.grpo.workflow.metrics.StageMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@link MetricsOptions}: no port or 0 keeps the meters in memory, a port serves them, tagged with stage and
 * instance; a bad port is a usage error; the demo's default port gives way to a busy one with a warning.
 */
class MetricsOptionsTest {

    /** A stage command that only mixes the options in. */
    @Command(name = "stage")
    static final class Stage {
        @Mixin
        MetricsOptions metrics;
    }

    private static MetricsOptions parse(String... args) {
        Stage stage = new Stage();
        new CommandLine(stage).parseArgs(args);
        return stage.metrics;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void noPortOrZeroKeepsTheMetersInMemory() {
        for (MetricsOptions options : new MetricsOptions[] {parse(), parse("--metrics-port", "0")}) {
            try (StageMetrics metrics = options.open("generate", "gen-1")) {
                assertThat(metrics.registry()).isInstanceOf(SimpleMeterRegistry.class);
                assertThat(metrics.uri()).isEmpty();
            }
        }
    }

    @Test
    void aPortServesTheMetersTaggedWithStageAndInstanceWithTheJvmOnes() throws IOException {
        int port = freePort();
        try (StageMetrics metrics = parse("--metrics-port", String.valueOf(port), "--metrics-host", "127.0.0.1")
                .open("learn", "learner")) {
            assertThat(metrics.registry()).isInstanceOf(PrometheusMeterRegistry.class);
            assertThat(metrics.uri()).hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(port));
            assertThat(metrics.registry().get("jvm.memory.used").gauges()).isNotEmpty()
                    .allSatisfy(gauge -> assertThat(gauge.getId().getTag("stage")).isEqualTo("learn"))
                    .allSatisfy(gauge -> assertThat(gauge.getId().getTag("instance")).isEqualTo("learner"));
        }
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        assertThatThrownBy(() -> parse("--metrics-port", "70000"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--metrics-port must be between 0 and 65535, not 70000");
    }

    @Test
    void aBusyPortThatWasAskedForFails() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MetricsOptions options = parse("--metrics-port", String.valueOf(taken.getLocalPort()),
                    "--metrics-host", "127.0.0.1");

            assertThatThrownBy(() -> options.openOrWarn("demo", "demo", MetricsOptions.DEMO_PORT,
                    new PrintWriter(new StringWriter())))
                    .isInstanceOf(MetricsPortUnavailableException.class);
        }
    }

    @Test
    void aBusyDefaultPortWarnsInOneLineAndKeepsTheMetersInMemory() throws IOException {
        StringWriter err = new StringWriter();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             StageMetrics metrics = parse("--metrics-host", "127.0.0.1").openOrWarn("demo", "demo",
                     taken.getLocalPort(), new PrintWriter(err))) {
            assertThat(metrics.uri()).isEmpty();
            assertThat(err.toString()).startsWith("warning: cannot serve metrics on 127.0.0.1:" + taken.getLocalPort())
                    .endsWith("running without metrics" + System.lineSeparator())
                    .hasLineCount(1);
        }
    }

    @Test
    void aFreeDefaultPortServes() throws IOException {
        int port = freePort();
        try (StageMetrics metrics = parse().openOrWarn("demo", "demo", port, new PrintWriter(new StringWriter()))) {
            assertThat(metrics.uri()).hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(port));
        }
    }
}
