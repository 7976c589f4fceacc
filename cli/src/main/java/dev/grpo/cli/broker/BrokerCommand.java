package dev.grpo.cli.broker;

import dev.grpo.broker.BrokerSecurity;
import dev.grpo.broker.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code grpo broker}: runs a single-node Kafka broker (KRaft) in the foreground until Ctrl-C. */
@Command(
        name = "broker",
        sortOptions = false,
        headerHeading = "%n",
        header = "Run a single-node Kafka broker (KRaft, combined broker and controller) until Ctrl-C.",
        descriptionHeading = "%n",
        description = {
            "A real Kafka broker from the Kafka server jars, for local runs: any Kafka client (kcat, librdkafka, "
                    + "kafkajs, Java) can produce to and consume from it, and transactions work on it. The data "
                    + "directory is formatted on first start and reused, with its records, on every later start."
        })
public final class BrokerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "Client port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${sys:user.home}/.grpo/kafka",
            description = "Data directory (metadata log and topic data). Default: ${DEFAULT-VALUE}.")
    private Path data;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "localhost",
            description = "Host name to listen on and advertise to clients. Default: ${DEFAULT-VALUE}.")
    private String host;

    @Option(names = "--controller-port", paramLabel = "PORT", defaultValue = "0",
            description = "KRaft controller port; only the broker itself uses it. Default: a free port.")
    private int controllerPort;

    @Option(names = "--security", paramLabel = "MODE", defaultValue = "plaintext",
            description = "plaintext, or sasl-ssl: TLS with a certificate generated at start, SCRAM-SHA-512 logins "
                    + "and ACLs (the super user is 'admin'; its client properties file is printed at start, for "
                    + "--kafka-config or kafka-*.sh --command-config). Default: ${DEFAULT-VALUE}.")
    private String security;

    @Option(names = "--user", paramLabel = "NAME:PASSWORD",
            description = "A SCRAM-SHA-512 user to create, or whose password to set, at start (repeatable; needs "
                    + "--security sasl-ssl). Users stay in the data directory; ACLs come from 'grpo topics acls'.")
    private List<String> users = new ArrayList<>();

    @Override
    public Integer call() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(options());
        PrintWriter out = spec.commandLine().getOut();
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
        return 0;
    }

    private BrokerSecurity security() {
        Map<String, String> named = new LinkedHashMap<>();
        users.stream().map(BrokerSecurity::parseUser).forEach(u -> named.put(u.getKey(), u.getValue()));
        return switch (security) {
            case "plaintext" -> new BrokerSecurity(false, named);
            case "sasl-ssl" -> BrokerSecurity.saslSsl(named);
            default -> throw new IllegalArgumentException("--security must be plaintext or sasl-ssl, got '" + security + "'");
        };
    }

    private EmbeddedKafkaBroker.Options options() {
        try {
            return new EmbeddedKafkaBroker.Options(host, port, controllerPort, data.toAbsolutePath().normalize(),
                    EmbeddedKafkaBroker.Options.DEFAULT_STARTUP_TIMEOUT, security());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
