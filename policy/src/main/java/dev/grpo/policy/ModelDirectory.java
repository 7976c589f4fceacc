package dev.grpo.policy;

import ai.djl.Device;
import dev.grpo.policy.internal.tokenizer.InvalidTokenizerException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model directory as every stage takes it with {@code --model DIR}: the verified checkpoint (our own layout or a
 * Hugging Face one) and the tokenizer that goes with it. Opening checks that the two fit, before any weight is used;
 * close it to free the tokenizer.
 */
public final class ModelDirectory implements AutoCloseable {

    private final Path path;
    private final Checkpoint checkpoint;
    private final Tokenizer tokenizer;
    private final PromptFormat promptFormat;

    private ModelDirectory(Path path, Checkpoint checkpoint, Tokenizer tokenizer, PromptFormat promptFormat) {
        this.path = path;
        this.checkpoint = checkpoint;
        this.tokenizer = tokenizer;
        this.promptFormat = promptFormat;
    }

    /**
     * @param path the directory
     * @return the checkpoint and tokenizer it holds
     * @throws dev.grpo.policy.CheckpointException when the checkpoint is missing or malformed
     * @throws dev.grpo.policy.internal.tokenizer.InvalidTokenizerException when the tokenizer does not load or has ids the
     *     model has no embedding for
     * @throws dev.grpo.policy.internal.chat.ChatTemplateException when the chat template does not parse
     */
    public static ModelDirectory open(Path path) {
        Checkpoint checkpoint = Checkpoint.read(path);
        Tokenizer tokenizer = tokenizer(path, checkpoint.config());
        try {
            return new ModelDirectory(path, checkpoint, tokenizer, PromptFormat.of(path, tokenizer));
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /**
     * The tokenizer of a model directory, checked against the model: every id must have an embedding row, and a
     * Hugging Face model must come with its own tokenizer (the built-in one would silently mean other ids).
     *
     * @param path the directory
     * @param config the model's config
     * @return the tokenizer; the caller closes it
     * @throws InvalidTokenizerException when it is missing, does not load, or does not fit
     */
    public static Tokenizer tokenizer(Path path, ModelConfig config) {
        if (config.isHuggingFace() && !Files.exists(path.resolve(HfTokenizer.TOKENIZER_JSON))) {
            throw new InvalidTokenizerException(path + " holds a Hugging Face model but no "
                    + HfTokenizer.TOKENIZER_JSON + ": copy the tokenizer files of the model it came from", null);
        }
        return ModelTokenizer.load(path, config.vocabularySize());
    }

    /** @return where the model lives */
    public Path path() {
        return path;
    }

    /** @return the verified checkpoint */
    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /** @return the model's tokenizer */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** @return how a prompt becomes the text the model continues: its chat template, or plain text */
    public PromptFormat promptFormat() {
        return promptFormat;
    }

    /**
     * @param device where the weights go
     * @return the model with the checkpoint's weights; the caller closes it
     */
    public PolicyModel load(Device device) {
        return checkpoint.load(device);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
