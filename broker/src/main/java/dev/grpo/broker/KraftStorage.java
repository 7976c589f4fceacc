package dev.grpo.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.properties.PropertiesUtils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk state of a single-node KRaft broker: one directory holding both the metadata log and
 * the topic data. A directory with a {@code meta.properties} is formatted and is never formatted again.
 */
final class KraftStorage {

    private static final Logger log = LoggerFactory.getLogger(KraftStorage.class);

    /** Not Kafka's own {@code .lock}, which Kafka's log manager takes (in this same process) later. */
    private static final String LOCK_FILE = ".grpo-broker.lock";

    private final Path directory;

    KraftStorage(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /**
     * Takes the directory for this process until the returned lock is closed. Kafka's own lock is taken
     * only after the KRaft controller has opened the metadata log, which a second broker on the same
     * directory must never get to do.
     *
     * @throws IllegalStateException if another broker (in this or another process) holds the directory
     */
    DirectoryLock lock() {
        try {
            Files.createDirectories(directory);
            FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("data directory " + directory + " is in use by another Kafka broker");
            }
            return () -> {
                lock.release();
                channel.close();
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the Kafka data directory " + directory, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    /**
     * Formats the directory with a new random cluster id unless it is formatted already.
     *
     * @return true if it was formatted now
     */
    boolean formatIfNew(int nodeId, String controllerListener) {
        if (Files.exists(metaProperties())) {
            return false;
        }
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8)) {
            Files.createDirectories(directory);
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(nodeId)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(controllerListener)
                    .setMetadataLogDirectory(directory.toString())
                    .addDirectory(directory.toString())
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory " + directory, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka data directory " + directory + ": " + e.getMessage(), e);
        }
        log.debug("{}", report.toString(StandardCharsets.UTF_8).strip());
        return true;
    }

    /** The cluster id recorded when the directory was formatted. */
    String clusterId() {
        try {
            return PropertiesUtils.readPropertiesFile(metaProperties().toString()).getProperty("cluster.id");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metaProperties(), e);
        }
    }

    private Path metaProperties() {
        return directory.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME);
    }

    /** The exclusive hold of a data directory; closing releases it. */
    interface DirectoryLock extends AutoCloseable {
        @Override
        void close() throws IOException;
    }
}
