package dev.grpo.cli.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code grpo broker}: runs a single-node Kafka broker (KRaft) in the foreground until Ctrl-C. No broker type appears
 * in this class (picocli reflects on every command at start): {@link ForegroundBroker} runs it, once
 * {@link EmbeddedBrokerJars} has found the broker on the class path.
 */
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
        if (EmbeddedBrokerJars.absent(spec)) {
            return EmbeddedBrokerJars.EXIT_CODE;
        }
        ForegroundBroker.run(new BrokerSettings(host, port, controllerPort, data, security, users), spec.commandLine());
        return 0;
    }
}
