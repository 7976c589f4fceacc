package dev.grpo.cli.metrics;

import dev.grpo.workflow.metrics.MetricsPortUnavailableException;
import dev.grpo.workflow.metrics.StageMetrics;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --metrics-port} and {@code --metrics-host} options every long-running stage mixes in
 * ({@code @Mixin MetricsOptions metrics;}), so each declares and serves its metrics the same way.
 */
public final class MetricsOptions {

    /** Where {@code grpo demo} serves its metrics when no port is given: Prometheus's conventional exporter port. */
    public static final int DEMO_PORT = 9464;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    private Integer port;

    @Option(names = "--metrics-host", defaultValue = "0.0.0.0", paramLabel = "HOST",
            description = "Address the metrics endpoint binds (default: ${DEFAULT-VALUE}, every interface).")
    private String host;

    /** Sets and checks the port, so that a typo fails as a usage error. */
    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics; 0 or absent = none (grpo demo serves "
                    + "on " + DEMO_PORT + " unless given 0).")
    void port(int value) {
        if (value < 0 || value > 65535) {
            throw new ParameterException(spec.commandLine(),
                    "--metrics-port must be between 0 and 65535, not " + value);
        }
        port = value;
    }

    /**
     * The stage's meters: served on the given port, in memory when none (or 0) was given.
     *
     * @throws MetricsPortUnavailableException when the port cannot be bound
     */
    public StageMetrics open(String stage, String instance) {
        return open(stage, instance, port == null ? 0 : port);
    }

    /**
     * The demo's meters: served on the given port, on {@code defaultPort} when none was given, in memory for 0. A
     * busy default port costs only the metrics: one warning line on {@code err}, and the stage runs on.
     *
     * @throws MetricsPortUnavailableException when a port that was asked for cannot be bound
     */
    public StageMetrics openOrWarn(String stage, String instance, int defaultPort, PrintWriter err) {
        if (port != null) {
            return open(stage, instance);
        }
        try {
            return open(stage, instance, defaultPort);
        } catch (MetricsPortUnavailableException e) {
            err.println("warning: " + e.getMessage() + "; running without metrics");
            err.flush();
            return StageMetrics.inMemory(stage, instance);
        }
    }

    private StageMetrics open(String stage, String instance, int chosen) {
        if (chosen == 0) {
            return StageMetrics.inMemory(stage, instance);
        }
        return StageMetrics.served(stage, instance, new InetSocketAddress(host, chosen));
    }
}
