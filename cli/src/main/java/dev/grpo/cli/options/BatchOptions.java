package dev.grpo.cli.options;

import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How many examples or sequences a command puts in one batch, {@code --batch-size N}
 * ({@code @Mixin BatchOptions batch = new BatchOptions(32);}, the argument being the command's built-in default,
 * which {@code --help} shows). The spelling {@code --batch} that commands used before is a hidden alias.
 */
public final class BatchOptions {

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Examples (sequences) per batch (default: ${DEFAULT-VALUE}).")
    private Integer size;

    /** No built-in size: the command's workload picks one when {@code --batch-size} is not given. */
    public BatchOptions() {
    }

    /** @param builtIn the size when {@code --batch-size} is not given */
    public BatchOptions(int builtIn) {
        this.size = builtIn;
    }

    @Option(names = "--batch", paramLabel = "N", hidden = true, description = "Deprecated spelling of --batch-size.")
    private void deprecatedSpelling(int value) {
        this.size = value;
    }

    /** @return the size given or built in, if any */
    public Optional<Integer> given() {
        return Optional.ofNullable(size);
    }

    /**
     * @return the size
     * @throws IllegalStateException when the command has no built-in size and none was given
     */
    public int size() {
        return given().orElseThrow(() -> new IllegalStateException("--batch-size has no built-in default here"));
    }
}
