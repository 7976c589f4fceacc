package dev.grpo.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a Hugging Face {@code config.json} into a {@link ModelConfig}. Every key that would change the maths and is
 * not implemented (another architecture, a sliding window, rope types other than linear and llama3, mixtures of
 * experts, another activation, MLP biases) is refused with one line naming the key and its value, never ignored.
 */
public final class HfConfigReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> DTYPES = Map.of("float32", "F32", "bfloat16", "BF16", "float16", "F16");
    private static final List<String> EXPERT_KEYS = List.of("num_experts", "num_local_experts", "n_routed_experts");

    private HfConfigReader() {
    }

    /**
     * @param json the text of a {@code config.json}
     * @return whether it is a Hugging Face config (it has {@code architectures}) rather than the project's own
     */
    public static boolean isHuggingFace(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            return root != null && root.has("architectures");
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /**
     * @param json the text of a Hugging Face {@code config.json}
     * @return the model config, with {@link ModelConfig#huggingFace()} set
     * @throws UnsupportedModelException when the config asks for maths this project does not implement
     * @throws ModelConfigException when the JSON is malformed or a required key is missing or inconsistent
     */
    public static ModelConfig read(String json) {
        JsonNode root = parse(json);
        String architecture = architecture(root);
        refuseUnsupported(root, architecture);
        int hidden = required(root, "hidden_size");
        int heads = required(root, "num_attention_heads");
        boolean qwen2 = architecture.equals("Qwen2ForCausalLM");
        boolean qwen3 = architecture.equals("Qwen3ForCausalLM");
        boolean attentionBias = !architecture.equals("MistralForCausalLM") && root.path("attention_bias").asBoolean(false);
        HfModelConfig hf = new HfModelConfig(architecture,
                optional(root, "num_key_value_heads", heads),
                optional(root, "head_dim", qwen3 ? 128 : hidden / heads),
                qwen2 || attentionBias, attentionBias, qwen3,
                root.path("tie_word_embeddings").asBoolean(false),
                ropeScaling(root), root.path("bos_token_id").isInt() ? root.get("bos_token_id").asInt() : null,
                eosTokenIds(root.path("eos_token_id")), storageDtype(root), json);
        return new ModelConfig(required(root, "vocab_size"), required(root, "max_position_embeddings"),
                required(root, "num_hidden_layers"), hidden, heads, required(root, "intermediate_size"),
                PositionEncoding.ROTARY, Normalization.RMS_NORM, FeedForwardKind.SWIGLU, ropeTheta(root),
                root.path("rms_norm_eps").asDouble(1e-6), hf);
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                throw new ModelConfigException("config.json is not a JSON object", null);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new ModelConfigException("config.json is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String architecture(JsonNode root) {
        JsonNode architectures = root.path("architectures");
        String name = architectures.isArray() && architectures.size() == 1 ? architectures.get(0).asText() : null;
        if (name == null || !HfModelConfig.ARCHITECTURES.contains(name)) {
            throw unsupported("architectures", architectures, "supported: " + HfModelConfig.ARCHITECTURES);
        }
        return name;
    }

    private static void refuseUnsupported(JsonNode root, String architecture) {
        String activation = root.path("hidden_act").asText("silu");
        if (!activation.equals("silu") && !activation.equals("swish")) {
            throw unsupported("hidden_act", root.get("hidden_act"), "only silu is implemented");
        }
        if (root.path("mlp_bias").asBoolean(false)) {
            throw unsupported("mlp_bias", root.get("mlp_bias"), "MLP biases are not implemented");
        }
        if (root.path("use_sliding_window").asBoolean(false)) {
            throw unsupported("use_sliding_window", root.get("use_sliding_window"),
                    "sliding-window attention is not implemented");
        }
        for (JsonNode layerType : root.path("layer_types")) {
            if (!layerType.asText().equals("full_attention")) {
                throw unsupported("layer_types", layerType, "only full_attention layers are implemented");
            }
        }
        JsonNode window = root.path("sliding_window");
        if (architecture.equals("MistralForCausalLM") && window.isNumber()
                && window.asLong() < root.path("max_position_embeddings").asLong()) {
            throw unsupported("sliding_window", window, "sliding-window attention is not implemented");
        }
        for (String key : EXPERT_KEYS) {
            if (root.path(key).asInt(0) > 0) {
                throw unsupported(key, root.get(key), "mixtures of experts are not implemented");
            }
        }
        JsonNode partial = root.path("partial_rotary_factor");
        if (partial.isNumber() && partial.asDouble() != 1.0) {
            throw unsupported("partial_rotary_factor", partial, "only full rotary embeddings are implemented");
        }
    }

    private static RopeScaling ropeScaling(JsonNode root) {
        JsonNode scaling = root.path("rope_scaling").isObject() ? root.get("rope_scaling") : root.path("rope_parameters");
        String type = scaling.path("rope_type").asText(scaling.path("type").asText("default"));
        switch (type) {
            case "default":
                return null;
            case "linear":
                return RopeScaling.linear(scaling.path("factor").asDouble());
            case "llama3":
                return new RopeScaling(RopeScaling.Kind.LLAMA3, scaling.path("factor").asDouble(),
                        scaling.path("low_freq_factor").asDouble(), scaling.path("high_freq_factor").asDouble(),
                        scaling.path("original_max_position_embeddings").asInt());
            default:
                throw unsupported("rope_scaling.rope_type", scaling.path("rope_type").isMissingNode()
                        ? scaling.get("type") : scaling.get("rope_type"), "only linear and llama3 are implemented");
        }
    }

    private static double ropeTheta(JsonNode root) {
        JsonNode theta = root.path("rope_theta");
        return theta.isNumber() ? theta.asDouble() : root.path("rope_parameters").path("rope_theta").asDouble(10_000.0);
    }

    private static List<Integer> eosTokenIds(JsonNode node) {
        List<Integer> ids = new ArrayList<>();
        if (node.isInt()) {
            ids.add(node.asInt());
        }
        node.forEach(id -> ids.add(id.asInt()));
        return ids;
    }

    private static String storageDtype(JsonNode root) {
        JsonNode dtype = root.path("torch_dtype").isTextual() ? root.get("torch_dtype") : root.path("dtype");
        return DTYPES.get(dtype.asText(""));
    }

    private static int required(JsonNode root, String key) {
        JsonNode value = root.path(key);
        if (value.isMissingNode()) {
            throw new ModelConfigException("config.json lacks the key " + key, null);
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new ModelConfigException("config.json key " + key + " must be an integer, got " + value, null);
        }
        return value.asInt();
    }

    private static int optional(JsonNode root, String key, int fallback) {
        return root.path(key).isNull() || root.path(key).isMissingNode() ? fallback : required(root, key);
    }

    private static UnsupportedModelException unsupported(String key, JsonNode value, String why) {
        return new UnsupportedModelException("config.json key " + key + " = " + value + " is not supported ("
                + why + ")");
    }
}
