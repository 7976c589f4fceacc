package dev.grpo.producers.config;

import java.nio.file.Path;
import java.util.Objects;

/** Where a generator's prompts come from. */
public sealed interface PromptOrigin {

    /**
     * A JSONL file, one {@code {"id","prompt","ground_truth","language","task"}} object per line.
     *
     * @param file the file
     * @param repeat whether to start over at the end of the file (RL runs for many epochs)
     */
    record JsonlFile(Path file, boolean repeat) implements PromptOrigin {
        /** Requires a file. */
        public JsonlFile {
            Objects.requireNonNull(file, "prompt file");
        }
    }

    /** The prompts topic, shared by all generators through one consumer group. */
    record PromptTopic() implements PromptOrigin {
    }

    /**
     * The built-in synthetic task (additions, training side of the split).
     *
     * @param seed seeds the problem draw
     */
    record SyntheticTask(long seed) implements PromptOrigin {
    }
}
