package dev.grpo.producers;

import dev.grpo.producers.internal.prompts.KafkaPromptSource;
import java.util.Objects;

/** Where a generator's prompts come from. */
public sealed interface PromptOrigin {

    /**
     * A prompt file: JSON lines or Parquet, its rows mapped to prompts by its {@link PromptFile#fields() fields}.
     *
     * @param file the file
     * @param repeat whether to start over at the end of the file (RL runs for many epochs)
     */
    record LocalFile(PromptFile file, boolean repeat) implements PromptOrigin {
        /** Requires a file. */
        public LocalFile {
            Objects.requireNonNull(file, "prompt file");
        }
    }

    /** The prompts topic, shared by all generators through one consumer group. */
    record PromptTopic() implements PromptOrigin {

        /** The consumer group of every generator reading the prompts topic (its ACLs grant it). */
        public static final String CONSUMER_GROUP = KafkaPromptSource.CONSUMER_GROUP;
    }

    /**
     * The built-in synthetic task (additions, training side of the split).
     *
     * @param seed seeds the problem draw
     */
    record SyntheticTask(long seed) implements PromptOrigin {
    }
}
