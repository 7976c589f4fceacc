package dev.grpo.policy;

import dev.grpo.policy.internal.tokenizer.TokenizerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The real Qwen3, Llama 3 and DeepSeek-V3 tokenizer files kept (gzip-compressed) under {@code /tokenizers/} of the
 * test resources, unpacked into a model directory as Hugging Face lays it out.
 */
public enum RealTokenizers {
    QWEN3("qwen3"),
    LLAMA3("llama3"),
    DEEPSEEK_V3("deepseek-v3");

    private final String resource;

    RealTokenizers(String resource) {
        this.resource = resource;
    }

    /**
     * @param parent where to create the model directory
     * @return a directory holding {@code tokenizer.json} and {@code tokenizer_config.json}
     */
    public Path unpack(Path parent) {
        Path dir = parent.resolve(resource);
        try {
            Files.createDirectories(dir);
            for (String file : new String[] {HfTokenizer.TOKENIZER_JSON, TokenizerConfig.TOKENIZER_CONFIG}) {
                String name = "/tokenizers/" + resource + "/" + file + ".gz";
                try (InputStream in = new GZIPInputStream(RealTokenizers.class.getResourceAsStream(name))) {
                    Files.copy(in, dir.resolve(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
