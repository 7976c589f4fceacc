package dev.grpo.tests.kafka;

import dev.grpo.broker.BrokerSecurity;
import dev.grpo.broker.BrokerStartupException;
import dev.grpo.broker.EmbeddedKafkaBroker;
import dev.grpo.broker.SecuredListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded KRaft broker for the tests in a fresh temporary directory, retrying when a
 * start-up times out or loses its port to another process, as happens on loaded CI machines.
 */
final class EmbeddedKafkaStarter {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaStarter.class);
    private static final int ATTEMPTS = 3;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private EmbeddedKafkaStarter() {
    }

    static KafkaCluster start() {
        return start(BrokerSecurity.plaintext()).cluster();
    }

    /**
     * Starts a broker secured as {@code security} says; its {@link KafkaCluster} logs in as the super user when secured.
     */
    static Started start(BrokerSecurity security) {
        BrokerStartupException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Path dir = temporaryDirectory();
            try {
                // The data directory is a child, so the secured broker's certificates beside it go with it.
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options
                        .inDirectory(dir.resolve("kafka")).withStartupTimeout(STARTUP_TIMEOUT).withSecurity(security));
                Map<String, Object> login = broker.securedListener().map(SecuredListener::adminConfig).orElse(Map.of());
                KafkaCluster cluster = new KafkaCluster(broker.bootstrapServers(), login, () -> {
                    broker.close();
                    Utils.delete(dir.toFile());
                });
                return new Started(cluster, broker.securedListener());
            } catch (BrokerStartupException e) {
                log.warn("embedded Kafka start-up attempt {} of {} failed: {}", attempt, ATTEMPTS, e.getMessage());
                deleteQuietly(dir);
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
            }
        }
        throw new IllegalStateException("the embedded Kafka broker did not start in " + ATTEMPTS + " attempts", last);
    }

    /** A started cluster and, when secured, its SASL_SSL listener. */
    record Started(KafkaCluster cluster, Optional<SecuredListener> securedListener) {
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("grpo-kafka-test-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for the embedded Kafka broker", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", dir, e.toString());
        }
    }
}
