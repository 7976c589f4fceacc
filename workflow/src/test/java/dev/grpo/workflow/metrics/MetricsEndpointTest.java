package dev.grpo.workflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link MetricsEndpoint} serves the registry at {@code GET /metrics} in the text format, and nothing else. */
class MetricsEndpointTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient http = HttpClient.newHttpClient();
    private final MetricsEndpoint endpoint = MetricsEndpoint.serve(registry,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

    @AfterEach
    void close() {
        endpoint.close();
        registry.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://localhost:" + endpoint.address().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheRegistryInTheTextFormat() throws Exception {
        Counter.builder("grpo.test.records").register(registry).increment(3);

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(MetricsEndpoint.CONTENT_TYPE);
        assertThat(response.body()).contains("# TYPE grpo_test_records_total counter")
                .contains("grpo_test_records_total 3.0");
    }

    @Test
    void everyOtherPathIsNotFound() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/more").statusCode()).isEqualTo(404);
        assertThat(get("/health").body()).contains("only /metrics is served");
    }

    @Test
    void onlyReadsAreAllowed() throws Exception {
        URI uri = endpoint.uri();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void aBusyPortIsAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());

            assertThatThrownBy(() -> MetricsEndpoint.serve(registry, address))
                    .isInstanceOf(MetricsPortUnavailableException.class)
                    .hasMessageStartingWith("cannot serve metrics on " + address.getHostString() + ":" + taken.getLocalPort() + " (")
                    .hasMessageContaining("choose another --metrics-port");
        }
    }

    @Test
    void closingStopsServing() {
        endpoint.close();

        assertThatThrownBy(() -> get("/metrics")).isInstanceOf(IOException.class);
    }
}
