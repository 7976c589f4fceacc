package dev.grpo.workflow.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;

/**
 * Serves a {@link PrometheusMeterRegistry} at {@code GET /metrics} in the Prometheus text format 0.0.4, on the JDK's
 * own HTTP server (a scrape endpoint needs no web framework); every other path answers 404. Closing it stops the
 * server.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The one path served. */
    public static final String PATH = "/metrics";
    /** The content type of the Prometheus text exposition format 0.0.4, which {@code scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving {@code registry} on {@code address}.
     *
     * @throws MetricsPortUnavailableException when the address cannot be bound (port busy, host not local)
     */
    public static MetricsEndpoint serve(PrometheusMeterRegistry registry, InetSocketAddress address) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException | UnresolvedAddressException e) {
            throw new MetricsPortUnavailableException(address, e);
        }
        server.createContext("/", exchange -> answer(exchange, registry));
        server.start();
        return new MetricsEndpoint(server);
    }

    private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found: only " + PATH + " is served\n", method);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed: " + method + "\n", method);
            } else {
                send(exchange, 200, CONTENT_TYPE, registry.scrape(), method);
            }
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body, String method)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The bound address (its port is the real one when port 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Where a scraper on this machine finds the metrics. */
    public URI uri() {
        return URI.create("http://localhost:" + address().getPort() + PATH);
    }

    /** Stops the server at once: a scrape in progress is cut off. */
    @Override
    public void close() {
        server.stop(0);
    }
}
