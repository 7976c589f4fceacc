package dev.grpo.bench.model;

import ai.djl.Device;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.HfConfigReader;
import dev.grpo.policy.ModelPreset;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.CharTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model to benchmark: a model directory, or one of the named shapes with random weights (the speed of a forward
 * pass does not depend on what the weights are).
 *
 * @param label how the report names it
 * @param directory the model directory, or null for a named shape
 * @param shape the named shape, or null for a directory
 */
public record BenchModel(String label, Path directory, String shape) {

    /** The shapes {@code --shape} knows. */
    public static final String SHAPES = "demo, qwen2-0.5b";

    /**
     * Qwen2-0.5B's {@code config.json} (Qwen/Qwen2.5-0.5B): 24 layers, hidden 896, 14 heads, 2 KV heads, a 151,936-id
     * vocabulary tied to the LM head; about 494 M parameters.
     */
    private static final String QWEN2_0_5B = """
            {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_act": "silu",
             "vocab_size": 151936, "hidden_size": 896, "intermediate_size": 4864, "num_hidden_layers": 24,
             "num_attention_heads": 14, "num_key_value_heads": 2, "max_position_embeddings": 32768,
             "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "tie_word_embeddings": true,
             "use_sliding_window": false, "sliding_window": 32768, "max_window_layers": 24,
             "bos_token_id": 151643, "eos_token_id": 151643, "torch_dtype": "bfloat16"}""";

    /**
     * @param text a model directory or a shape name
     * @return the model it names
     * @throws IllegalArgumentException when it is neither
     */
    public static BenchModel parse(String text) {
        if (text.equals("demo") || text.equals("qwen2-0.5b")) {
            return new BenchModel(text + " (random weights)", null, text);
        }
        Path directory = Path.of(text);
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("'" + text + "' is neither a model directory nor a shape (" + SHAPES
                    + ")");
        }
        return new BenchModel(text, directory, null);
    }

    /**
     * @param device where the weights go
     * @return the model; the caller closes it
     */
    public PolicyModel load(Device device) {
        if (directory != null) {
            return Checkpoint.read(directory).load(device);
        }
        return switch (shape) {
            case "demo" -> PolicyModel.create(ModelPreset.DEMO.config(new CharTokenizer().vocabularySize()), 1, device);
            case "qwen2-0.5b" -> PolicyModel.create(HfConfigReader.read(QWEN2_0_5B), 1, device);
            default -> throw new IllegalStateException("unknown shape " + shape);
        };
    }
}
