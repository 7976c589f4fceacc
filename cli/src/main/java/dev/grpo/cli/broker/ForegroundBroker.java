package dev.grpo.cli.broker;

import dev.grpo.broker.BrokerSecurity;
import dev.grpo.broker.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The embedded broker of {@code grpo broker}, run in the foreground until the JVM shuts down (Ctrl-C). */
final class ForegroundBroker {

    private ForegroundBroker() {
    }

    /**
     * Starts the broker, prints where it listens on {@code command}'s output and waits until shutdown stops it.
     *
     * @throws ParameterException naming the option whose value the broker cannot take
     */
    static void run(BrokerSettings settings, CommandLine command) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(options(settings, command));
        PrintWriter out = command.getOut();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            out.println("Kafka broker stopped.");
            out.flush();
        }, "grpo-broker-shutdown"));
        out.printf("Kafka broker (KRaft) listening on %s, data in %s (cluster %s, %s). Ctrl-C stops it.%n",
                broker.bootstrapServers(), broker.options().dataDir(), broker.clusterId(),
                broker.formattedNow() ? "new" : "reused");
        broker.securedListener().ifPresent(listener -> out.printf(
                "SASL_SSL (SCRAM-SHA-512) with ACLs; admin client properties: %s%n", listener.adminProperties()));
        out.flush();
        broker.awaitShutdown();
    }

    private static EmbeddedKafkaBroker.Options options(BrokerSettings settings, CommandLine command) {
        try {
            return new EmbeddedKafkaBroker.Options(settings.host(), settings.port(), settings.controllerPort(),
                    settings.data().toAbsolutePath().normalize(), EmbeddedKafkaBroker.Options.DEFAULT_STARTUP_TIMEOUT,
                    security(settings));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command, e.getMessage());
        }
    }

    private static BrokerSecurity security(BrokerSettings settings) {
        Map<String, String> named = new LinkedHashMap<>();
        settings.users().stream().map(BrokerSecurity::parseUser).forEach(u -> named.put(u.getKey(), u.getValue()));
        return switch (settings.security()) {
            case "plaintext" -> new BrokerSecurity(false, named);
            case "sasl-ssl" -> BrokerSecurity.saslSsl(named);
            default -> throw new IllegalArgumentException(
                    "--security must be plaintext or sasl-ssl, got '" + settings.security() + "'");
        };
    }
}
