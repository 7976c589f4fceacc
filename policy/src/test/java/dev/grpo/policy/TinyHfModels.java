package dev.grpo.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grpo.policy.internal.checkpoint.SafeTensor;
import dev.grpo.policy.internal.checkpoint.Safetensors;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tiny random checkpoints in the Hugging Face layout, one per supported family, for tests here and in other modules
 * (through the policy test-jar). Tensor names and shapes follow transformers' modeling code and are derived from the
 * config JSON alone, not from the project's model classes. Weights are scaled so activations stay of order one and
 * the log-probs differ clearly between tokens; norm gains and biases are random too, so a missing bias or norm shows.
 */
public final class TinyHfModels {

    /** The families, each configured to exercise what sets it apart. */
    public enum Family {
        /** Llama 3: llama3 rope scaling, grouped-query attention (4 heads, 2 KV heads), attention biases. */
        LLAMA,
        /** Qwen2: q/k/v biases (o_proj without), tied embeddings, a sliding window configured but off. */
        QWEN2,
        /** Qwen3: q_norm/k_norm, head_dim 16 while hidden/heads is 8, grouped-query attention. */
        QWEN3,
        /** Mistral: one KV head for four query heads, explicit head_dim, no sliding window. */
        MISTRAL
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TinyHfModels() {
    }

    /**
     * @param family the family
     * @param vocabularySize {@code vocab_size}
     * @return a {@code config.json} of a two-layer, width-32 model of that family; change keys before writing it
     */
    public static ObjectNode config(Family family, int vocabularySize) {
        ObjectNode config = JSON.createObjectNode();
        config.putArray("architectures").add(switch (family) {
            case LLAMA -> "LlamaForCausalLM";
            case QWEN2 -> "Qwen2ForCausalLM";
            case QWEN3 -> "Qwen3ForCausalLM";
            case MISTRAL -> "MistralForCausalLM";
        });
        config.put("model_type", family.name().toLowerCase());
        config.put("vocab_size", vocabularySize);
        config.put("hidden_size", 32);
        config.put("intermediate_size", 48);
        config.put("num_hidden_layers", 2);
        config.put("num_attention_heads", 4);
        config.put("num_key_value_heads", 2);
        config.put("hidden_act", "silu");
        config.put("max_position_embeddings", 256);
        config.put("rms_norm_eps", 1e-6);
        config.put("rope_theta", 10_000.0);
        config.put("attention_dropout", 0.0);
        config.put("tie_word_embeddings", false);
        config.put("bos_token_id", 1);
        config.put("eos_token_id", 2);
        config.put("torch_dtype", "float32");
        config.put("transformers_version", "4.51.3");
        switch (family) {
            case LLAMA -> llama(config);
            case QWEN2 -> qwen2(config);
            case QWEN3 -> qwen3(config);
            case MISTRAL -> mistral(config);
        }
        return config;
    }

    private static void llama(ObjectNode config) {
        config.put("rope_theta", 500.0);
        config.put("attention_bias", true);
        config.put("mlp_bias", false);
        config.putArray("eos_token_id").add(2).add(3);
        ObjectNode scaling = config.putObject("rope_scaling");
        scaling.put("rope_type", "llama3");
        scaling.put("factor", 8.0);
        scaling.put("low_freq_factor", 1.0);
        scaling.put("high_freq_factor", 4.0);
        scaling.put("original_max_position_embeddings", 32);
    }

    private static void qwen2(ObjectNode config) {
        config.put("tie_word_embeddings", true);
        config.put("use_sliding_window", false);
        config.put("sliding_window", 256);
        config.put("max_window_layers", 2);
        config.putNull("rope_scaling");
    }

    private static void qwen3(ObjectNode config) {
        config.put("head_dim", 16);
        config.put("attention_bias", false);
        config.put("use_sliding_window", false);
        config.putNull("sliding_window");
        config.put("rope_theta", 1_000_000.0);
    }

    private static void mistral(ObjectNode config) {
        config.put("num_key_value_heads", 1);
        config.put("head_dim", 8);
        config.putNull("sliding_window");
    }

    /**
     * Writes a tiny Qwen3-layout model (unsharded, F32) with the given vocabulary.
     *
     * @param directory the model directory to create
     * @param vocabularySize {@code vocab_size} (at least the tokenizer's vocabulary)
     * @param seed seeds the weights
     * @return {@code directory}
     */
    public static Path qwen3(Path directory, int vocabularySize, long seed) {
        return write(directory, config(Family.QWEN3, vocabularySize), TensorDtype.F32, 1, seed);
    }

    /**
     * Writes {@code config.json} and random weights in the Hugging Face layout; the config's {@code torch_dtype}
     * is set to {@code dtype}.
     *
     * @param directory the model directory to create
     * @param config the config (see {@link #config})
     * @param dtype the dtype of every tensor
     * @param shards 1 for {@code model.safetensors}, more for {@code model-0000k-of-0000n.safetensors} files and
     *     {@code model.safetensors.index.json}
     * @param seed seeds the weights
     * @return {@code directory}
     */
    public static Path write(Path directory, ObjectNode config, TensorDtype dtype, int shards, long seed) {
        config.put("torch_dtype", switch (dtype) {
            case F32 -> "float32";
            case BF16 -> "bfloat16";
            case F16 -> "float16";
        });
        List<SafeTensor> tensors = tensors(config, dtype, new SplittableRandom(seed));
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("config.json"), JSON.writeValueAsString(config));
            if (shards == 1) {
                writeFile(directory.resolve("model.safetensors"), tensors);
            } else {
                writeShards(directory, tensors, shards);
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeShards(Path directory, List<SafeTensor> tensors, int shards) throws IOException {
        ObjectNode index = JSON.createObjectNode();
        long total = tensors.stream().mapToLong(t -> t.data().length).sum();
        index.putObject("metadata").put("total_size", total);
        ObjectNode weightMap = index.putObject("weight_map");
        for (int shard = 0; shard < shards; shard++) {
            String name = String.format("model-%05d-of-%05d.safetensors", shard + 1, shards);
            List<SafeTensor> part = new ArrayList<>();
            for (int i = shard; i < tensors.size(); i += shards) {
                part.add(tensors.get(i));
                weightMap.put(tensors.get(i).name(), name);
            }
            writeFile(directory.resolve(name), part);
        }
        Files.writeString(directory.resolve("model.safetensors.index.json"), JSON.writeValueAsString(index));
    }

    private static void writeFile(Path file, List<SafeTensor> tensors) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Safetensors.write(out, tensors, Map.of("format", "pt"));
        }
    }

    /**
     * @param config a config
     * @return every tensor name with its shape, in transformers' naming
     */
    public static Map<String, long[]> shapes(ObjectNode config) {
        int hidden = config.get("hidden_size").asInt();
        int heads = config.get("num_attention_heads").asInt();
        int kvHeads = config.get("num_key_value_heads").asInt();
        int headDim = config.path("head_dim").isInt() ? config.get("head_dim").asInt() : hidden / heads;
        int vocabulary = config.get("vocab_size").asInt();
        int intermediate = config.get("intermediate_size").asInt();
        String architecture = config.get("architectures").get(0).asText();
        boolean qwen2 = architecture.equals("Qwen2ForCausalLM");
        boolean bias = !architecture.equals("MistralForCausalLM") && config.path("attention_bias").asBoolean(false);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("model.embed_tokens.weight", new long[] {vocabulary, hidden});
        for (int layer = 0; layer < config.get("num_hidden_layers").asInt(); layer++) {
            String prefix = "model.layers." + layer + ".";
            shapes.put(prefix + "input_layernorm.weight", new long[] {hidden});
            projection(shapes, prefix + "self_attn.q_proj", heads * headDim, hidden, qwen2 || bias);
            projection(shapes, prefix + "self_attn.k_proj", kvHeads * headDim, hidden, qwen2 || bias);
            projection(shapes, prefix + "self_attn.v_proj", kvHeads * headDim, hidden, qwen2 || bias);
            projection(shapes, prefix + "self_attn.o_proj", hidden, heads * headDim, bias);
            if (architecture.equals("Qwen3ForCausalLM")) {
                shapes.put(prefix + "self_attn.q_norm.weight", new long[] {headDim});
                shapes.put(prefix + "self_attn.k_norm.weight", new long[] {headDim});
            }
            shapes.put(prefix + "post_attention_layernorm.weight", new long[] {hidden});
            projection(shapes, prefix + "mlp.gate_proj", intermediate, hidden, false);
            projection(shapes, prefix + "mlp.up_proj", intermediate, hidden, false);
            projection(shapes, prefix + "mlp.down_proj", hidden, intermediate, false);
        }
        shapes.put("model.norm.weight", new long[] {hidden});
        if (!config.path("tie_word_embeddings").asBoolean(false)) {
            shapes.put("lm_head.weight", new long[] {vocabulary, hidden});
        }
        return shapes;
    }

    private static void projection(Map<String, long[]> shapes, String name, int out, int in, boolean bias) {
        shapes.put(name + ".weight", new long[] {out, in});
        if (bias) {
            shapes.put(name + ".bias", new long[] {out});
        }
    }

    private static List<SafeTensor> tensors(ObjectNode config, TensorDtype dtype, SplittableRandom random) {
        List<SafeTensor> tensors = new ArrayList<>();
        shapes(config).forEach((name, shape) -> {
            float[] values = new float[Math.toIntExact(shape[0] * (shape.length > 1 ? shape[1] : 1))];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) value(name, shape, random);
            }
            tensors.add(new SafeTensor(name, dtype.name(), shape, dtype.fromFloats(values)));
        });
        return tensors;
    }

    private static double value(String name, long[] shape, SplittableRandom random) {
        double gaussian = random.nextGaussian();
        if (name.endsWith("norm.weight")) {
            return 1 + 0.3 * gaussian;
        }
        if (name.endsWith(".bias")) {
            return 0.3 * gaussian;
        }
        if (name.equals("model.embed_tokens.weight")) {
            return gaussian;
        }
        return gaussian * 1.5 / Math.sqrt(shape[1]);
    }
}
