package dev.grpo.workflow.metrics;

import java.net.InetSocketAddress;

/** The metrics endpoint could not bind its address: most often another process holds the port. */
public final class MetricsPortUnavailableException extends RuntimeException {

    /** The failure to bind {@code address}, with the system's reason. */
    public MetricsPortUnavailableException(InetSocketAddress address, Exception cause) {
        super("cannot serve metrics on " + address.getHostString() + ":" + address.getPort() + " ("
                + (cause.getMessage() != null ? cause.getMessage() : "host not found")
                + "); choose another --metrics-port or --metrics-host, or --metrics-port 0 for none", cause);
    }
}
