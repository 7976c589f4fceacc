package dev.grpo.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The files of a model directory that are neither weights nor the model config: tokenizer files, generation
 * config, special-tokens map, vocab and merges, chat templates, README. A checkpoint written from a model carries
 * them along so the directory stays usable by tools that need the tokenizer.
 */
final class CompanionFiles {

    private static final List<String> WEIGHT_SUFFIXES = List.of(".safetensors", ".safetensors.index.json",
            ".sha256", ".bin", ".bin.index.json", ".pt", ".pth", ".ckpt", ".h5", ".msgpack", ".gguf", ".onnx");

    private CompanionFiles() {
    }

    /**
     * Copies the companion files (top level only, no hidden files) from one directory to another.
     *
     * @param from the source model directory
     * @param to the checkpoint being written
     * @throws IOException when listing or copying fails
     */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(CompanionFiles::isCompanion).sorted().toList()) {
                DurableFiles.copy(file, to.resolve(file.getFileName().toString()));
            }
        }
    }

    private static boolean isCompanion(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && !name.startsWith(".") && !name.equals(Checkpoint.CONFIG)
                && WEIGHT_SUFFIXES.stream().noneMatch(lower::endsWith);
    }
}
