package dev.grpo.producers.internal.weights;

import java.net.URI;
import java.nio.file.Path;

/** Turns the {@code checkpoint_uri} of a published version (a {@code file:} URI or a plain path) into a directory. */
final class CheckpointLocation {

    private CheckpointLocation() {
    }

    /**
     * @param uri a {@code file:} URI or a path
     * @return the checkpoint directory
     * @throws IllegalArgumentException for another URI scheme
     */
    public static Path resolve(String uri) {
        if (uri.startsWith("file:")) {
            return Path.of(URI.create(uri));
        }
        if (uri.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("checkpoint URI " + uri + " is neither a file: URI nor a path");
        }
        return Path.of(uri);
    }
}
