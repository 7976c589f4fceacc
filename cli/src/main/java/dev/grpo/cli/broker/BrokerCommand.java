package dev.grpo.cli.broker;

import java.io.PrintWriter;
import java.nio.file.Path;
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
        out.flush();
        broker.awaitShutdown();
        return 0;
    }

    private EmbeddedKafkaBroker.Options options() {
        try {
            return new EmbeddedKafkaBroker.Options(host, port, controllerPort, data.toAbsolutePath().normalize(),
                    EmbeddedKafkaBroker.Options.DEFAULT_STARTUP_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
