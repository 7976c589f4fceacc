package dev.grpo.policy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file-system steps of an atomic checkpoint write (new files forced to disk, the directory synced after a
 * rename, leftovers removed), shared by the policy's and the learner's checkpoints.
 */
public final class DurableFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DurableFiles.class);

    private DurableFiles() {
    }

    /** Writes a new file and forces it to disk before returning, so a later rename publishes complete bytes. */
    public static void write(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /**
     * Copies a file of any size into a new file and forces that to disk before returning.
     *
     * @param from the file to copy
     * @param to the new file (must not exist)
     * @throws IOException when copying fails
     */
    public static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to);
        try (FileChannel channel = FileChannel.open(to, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Makes a rename inside {@code directory} durable; platforms that cannot sync a directory skip it. */
    public static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync directory {}: {}", directory, e.getMessage());
        }
    }

    /**
     * Deletes a directory tree, best effort: what is left is a hidden temporary or superseded directory that is
     * never read as a checkpoint.
     */
    public static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", directory, e.getMessage());
        }
    }
}
