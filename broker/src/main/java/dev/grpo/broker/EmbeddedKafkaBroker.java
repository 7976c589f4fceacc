package dev.grpo.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (one process is both broker and controller), run
 * inside this JVM from the Kafka server jars. Any Kafka client can use it; transactions work on it.
 * The data directory is formatted on first start and reused, with its records, on every later one.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final Options options;
    private final KraftStorage storage;
    private final KraftStorage.DirectoryLock lock;
    private final boolean formattedNow;
    private final Optional<SecuredListener> securedListener;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(KafkaRaftServer server, Options options, KraftStorage storage,
            KraftStorage.DirectoryLock lock, boolean formattedNow, Optional<SecuredListener> securedListener) {
        this.server = server;
        this.options = options;
        this.storage = storage;
        this.lock = lock;
        this.formattedNow = formattedNow;
        this.securedListener = securedListener;
    }

    /**
     * Formats the data directory if it is new, then starts the broker and waits until it accepts clients.
     *
     * @throws BrokerStartupException if the broker does not come up within the options' startup timeout
     *     (a port in use, a data directory another broker uses or that cannot be written, a loaded machine)
     */
    public static EmbeddedKafkaBroker start(Options options) {
        Options resolved = options.withFreePorts();
        KraftStorage storage = new KraftStorage(resolved.dataDir());
        KraftStorage.DirectoryLock lock = lock(storage, resolved);
        try {
            requireFree(resolved.host(), resolved.port());
            requireFree(resolved.host(), resolved.controllerPort());
            boolean formattedNow = storage.formatIfNew(NODE_ID, CONTROLLER_LISTENER);
            if (resolved.security().saslSsl()) {
                return startSecured(resolved, storage, lock, formattedNow);
            }
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(configFor(resolved), false), Time.SYSTEM);
            startOrShutDown(server);
            log.debug("Kafka broker (KRaft) listening on {}:{}, data in {}", resolved.host(), resolved.port(), resolved.dataDir());
            return new EmbeddedKafkaBroker(server, resolved, storage, lock, formattedNow, Optional.empty());
        } catch (RuntimeException e) {
            release(lock);
            throw new BrokerStartupException(resolved, e);
        }
    }

    /**
     * Starts with the SASL_SSL listener, then creates the admin and the configured users through the internal
     * listener (as the broker's own principal) and checks that the admin can log in over TLS.
     */
    private static EmbeddedKafkaBroker startSecured(Options options, KraftStorage storage,
            KraftStorage.DirectoryLock lock, boolean formattedNow) {
        BrokerListeners listeners = BrokerListeners.secured(options, Options.freePort(options.port(), options.controllerPort()));
        requireFree(options.host(), listeners.internalPort());
        BrokerCertificates certificates = BrokerCertificates.generate(options.securityDir(), options.host(),
                listeners.secret());
        Map<String, Object> config = configFor(options);
        config.putAll(listeners.config(certificates));
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        startOrShutDown(server);
        try {
            SecuredListener listener = new SecuredListener(options.host() + ":" + options.port(), certificates,
                    BrokerListeners.randomSecret(), options.securityDir().resolve("admin.properties"));
            createUsers(listeners, listener, options);
            listener.writeAdminProperties();
            log.debug("Kafka broker (KRaft, SASL_SSL) listening on {}, data in {}", listener.bootstrapServers(), options.dataDir());
            return new EmbeddedKafkaBroker(server, options, storage, lock, formattedNow, Optional.of(listener));
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
    }

    private static void createUsers(BrokerListeners listeners, SecuredListener listener, Options options) {
        Map<String, String> users = new HashMap<>(options.security().users());
        users.put(BrokerSecurity.ADMIN_USER, listener.adminPassword());
        try (Admin internal = Admin.create(listeners.internalClientConfig(options.host()))) {
            new ScramUsers(internal, options.startupTimeout()).upsert(users);
        }
        try (Admin admin = Admin.create(listener.adminConfig())) {
            admin.describeCluster().clusterId().get(options.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the SASL_SSL listener", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the admin cannot log in over SASL_SSL: " + e, e);
        }
    }

    private static KraftStorage.DirectoryLock lock(KraftStorage storage, Options options) {
        try {
            return storage.lock();
        } catch (RuntimeException e) {
            throw new BrokerStartupException(options, e);
        }
    }

    private static void startOrShutDown(KafkaRaftServer server) {
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
    }

    /** Fails early, with a plain message, where Kafka would fail later with pages of stack traces. */
    private static void requireFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            // The bind failure's message is all there is to say; its stack trace would only add noise.
            throw new IllegalStateException("port " + port + " on " + host + " is not available (" + e.getMessage() + ")");
        }
    }

    private static void release(KraftStorage.DirectoryLock lock) {
        try {
            lock.close();
        } catch (IOException e) {
            log.warn("cannot release the lock on the Kafka data directory: {}", e.toString());
        }
    }

    /** The {@code bootstrap.servers} value clients use to reach this broker. */
    public String bootstrapServers() {
        return options.host() + ":" + options.port();
    }

    /** The options this broker runs with, with any port 0 replaced by the port actually used. */
    public Options options() {
        return options;
    }

    /** The cluster id generated when the data directory was formatted. */
    public String clusterId() {
        return storage.clusterId();
    }

    /** Whether this start formatted a new data directory (false when it reused an existing one). */
    public boolean formattedNow() {
        return formattedNow;
    }

    /** The SASL_SSL listener and its admin credentials, when the broker was started secured. */
    public Optional<SecuredListener> securedListener() {
        return securedListener;
    }

    /** Blocks until the broker has shut down (after {@link #close()}, or a fatal error inside Kafka). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    /** Shuts the broker down cleanly and waits for it; the data directory stays for the next start. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.shutdown();
            server.awaitShutdown();
            release(lock);
            log.debug("Kafka broker on {}:{} stopped", options.host(), options.port());
        }
    }

    private static Map<String, Object> configFor(Options options) {
        Map<String, Object> config = new HashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", Integer.toString(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@" + options.host() + ":" + options.controllerPort());
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("inter.broker.listener.name", BROKER_LISTENER);
        config.put("listeners", BROKER_LISTENER + "://" + options.host() + ":" + options.port() + ","
                + CONTROLLER_LISTENER + "://" + options.host() + ":" + options.controllerPort());
        config.put("advertised.listeners", BROKER_LISTENER + "://" + options.host() + ":" + options.port());
        config.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("log.dirs", options.dataDir().toString());
        config.put("metadata.log.dir", options.dataDir().toString());
        config.put("server.max.startup.time.ms", Long.toString(options.startupTimeout().toMillis()));
        config.putAll(singleNodeSettings());
        return config;
    }

    /** Internal topics default to three replicas; one node can only hold one. */
    private static Map<String, Object> singleNodeSettings() {
        return Map.ofEntries(
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1"),
                // Consumers of a fresh group start at once instead of waiting for more members to join.
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // The default 128 MiB dedupe buffer is sized for production compaction, not a laptop.
                Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024)));
    }

    /**
     * How to run the broker.
     *
     * @param host the host name the broker listens on and advertises to clients
     * @param port the client port; 0 picks a free one
     * @param controllerPort the KRaft controller port; 0 picks a free one (it may change between restarts)
     * @param dataDir where the metadata log and the topic data live
     * @param startupTimeout how long start-up may take before it is abandoned
     * @param security how the client listener is secured
     */
    public record Options(String host, int port, int controllerPort, Path dataDir, Duration startupTimeout,
            BrokerSecurity security) {

        /** Long enough for a loaded CI machine; a healthy laptop starts in a few seconds. */
        public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(startupTimeout, "startupTimeout");
            Objects.requireNonNull(security, "security");
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("broker host must not be blank");
            }
            requirePort("port", port);
            requirePort("controller port", controllerPort);
            if (port != 0 && port == controllerPort) {
                throw new IllegalArgumentException("broker port and controller port must differ, both are " + port);
            }
            if (startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startup timeout must be positive, got " + startupTimeout);
            }
        }

        /** Options of a plaintext broker. */
        public Options(String host, int port, int controllerPort, Path dataDir, Duration startupTimeout) {
            this(host, port, controllerPort, dataDir, startupTimeout, BrokerSecurity.plaintext());
        }

        /** A broker on localhost with free ports and the default startup timeout. */
        public static Options inDirectory(Path dataDir) {
            return new Options("localhost", 0, 0, dataDir, DEFAULT_STARTUP_TIMEOUT);
        }

        public Options withPort(int newPort) {
            return new Options(host, newPort, controllerPort, dataDir, startupTimeout, security);
        }

        public Options withStartupTimeout(Duration timeout) {
            return new Options(host, port, controllerPort, dataDir, timeout, security);
        }

        /** These options with the client listener secured as {@code newSecurity} says. */
        public Options withSecurity(BrokerSecurity newSecurity) {
            return new Options(host, port, controllerPort, dataDir, startupTimeout, newSecurity);
        }

        /**
         * Where a secured broker keeps its certificates and the admin's client properties: beside the data
         * directory, never inside it (Kafka takes every directory there for a partition).
         */
        public Path securityDir() {
            return dataDir.resolveSibling(dataDir.getFileName() + "-security");
        }

        /**
         * These options with every port 0 replaced by a port that is free now. The controller port must
         * be known before start-up (it is written into the quorum configuration), so it cannot be left
         * to the operating system; a port taken in between fails start-up and the caller may retry.
         */
        Options withFreePorts() {
            int brokerPort = port != 0 ? port : freePort(controllerPort);
            int controller = controllerPort != 0 ? controllerPort : freePort(brokerPort);
            return new Options(host, brokerPort, controller, dataDir, startupTimeout, security);
        }

        static int freePort(int... unlike) {
            for (int attempt = 0; attempt < 10; attempt++) {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.setReuseAddress(true);
                    socket.bind(new InetSocketAddress(0));
                    if (Arrays.stream(unlike).noneMatch(p -> p == socket.getLocalPort())) {
                        return socket.getLocalPort();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot find a free port for the Kafka broker", e);
                }
            }
            throw new IllegalStateException("cannot find a free port for the Kafka broker");
        }

        private static void requirePort(String what, int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException(what + " must be between 0 and 65535, got " + value);
            }
        }
    }
}
