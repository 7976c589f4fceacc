package dev.grpo.tests.streams;

import dev.grpo.cli.GrpoCommand;
import dev.grpo.streams.GroupAssemblerApp;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code grpo rewards --metrics-port N} serves Prometheus metrics while it runs: the JVM's, Kafka Streams' own (its
 * threads have processed the rollouts) and the assembler's sensors (groups assembled), each tagged with the stage and
 * the instance. It runs the catalogue's topics and application ids, which no other test of the shared broker uses.
 */
@ExtendWith(KafkaClusterExtension.class)
class RewardsMetricsTest {

    private static final String INSTANCE = "metrics-test";
    /** Newly registered Kafka metrics (task-level ones, custom sensors) are looked for every 5 s. */
    private static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRunningRewardsStageServesJvmKafkaStreamsAndAssemblerSeries(KafkaCluster kafka, @TempDir Path stateDir)
            throws Exception {
        int port = freePort();
        URI metrics = URI.create("http://localhost:" + port + "/metrics");
        StringWriter err = new StringWriter();
        Thread rewards = new Thread(() -> GrpoCommand.commandLine().setErr(new PrintWriter(err, true)).execute(
                "rewards", "-b", kafka.bootstrapServers(), "--state-dir", stateDir.toString(), "--threads", "1",
                "--instance-id", INSTANCE, "--metrics-port", String.valueOf(port)), "grpo-rewards");
        rewards.start();
        try (RolloutRecords rollouts = new RolloutRecords(kafka, StreamTopics.catalogue())) {
            String first = awaitScrape(metrics, "kafka_stream_alive_stream_threads", Duration.ofSeconds(60));
            assertThat(err.toString()).contains("metrics at http://localhost:" + port + "/metrics");
            assertThat(value(first, "jvm_memory_used_bytes", "stage=\"rewards\"", "instance=\"" + INSTANCE + "\""))
                    .hasValueSatisfying(bytes -> assertThat(bytes).isPositive());
            assertThat(value(first, "kafka_stream_alive_stream_threads",
                    "application=\"" + GroupAssemblerApp.APPLICATION_ID + "\"")).hasValue(1.0);

            rollouts.publishGroup("metrics-a", 4);
            rollouts.publishGroup("metrics-b", 4);
            rollouts.flush();
            String later = awaitScrape(metrics, "kafka_stream_grpo_assembler_groups_assembled_total",
                    KAFKA_METRICS_REFRESH);

            assertThat(value(later, "kafka_stream_thread_process_total", "stage=\"rewards\""))
                    .hasValueSatisfying(records -> assertThat(records).isGreaterThanOrEqualTo(8));
            assertThat(value(later, "kafka_stream_grpo_assembler_groups_assembled_total", "instance=\"" + INSTANCE + "\""))
                    .hasValueSatisfying(groups -> assertThat(groups).isGreaterThanOrEqualTo(2));
        } finally {
            rewards.interrupt();
            rewards.join(Duration.ofMinutes(1).toMillis());
        }
        assertThat(rewards.isAlive()).isFalse();
        assertThatPortIsClosed(metrics);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Scrapes until {@code series} shows with a positive value (the endpoint starts with the stage). */
    private String awaitScrape(URI uri, String series, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
                last = response.body();
                if (value(last, series).orElse(0.0) > 0) {
                    return last;
                }
            } catch (ConnectException notYet) {
                // the stage has not opened its endpoint yet
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no positive " + series + " within " + patience + "; last scrape:\n" + last);
    }

    /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}; empty when none. */
    private static Optional<Double> value(String scrape, String name, String... labels) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$").matcher(scrape);
        double sum = 0;
        boolean found = false;
        while (sample.find()) {
            String tags = sample.group(1);
            boolean matches = true;
            for (String label : labels) {
                matches &= tags.contains(label);
            }
            if (matches) {
                sum += Double.parseDouble(sample.group(2));
                found = true;
            }
        }
        return found ? Optional.of(sum) : Optional.empty();
    }

    private void assertThatPortIsClosed(URI uri) {
        try {
            http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("the endpoint still answers after the stage stopped");
        } catch (IOException stopped) {
            // closed with the stage
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
