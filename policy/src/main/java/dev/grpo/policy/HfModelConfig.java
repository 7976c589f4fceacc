package dev.grpo.policy;

import dev.grpo.policy.internal.model.HfAttentionShape;
import java.util.List;

/**
 * What a Hugging Face {@code config.json} of a Llama, Qwen2, Qwen3 or Mistral model adds to the shape of a
 * {@link ModelConfig}: grouped-query attention, an explicit head width, projection biases, Qwen3's per-head q/k
 * norms, tied embeddings, rope scaling, the special ids, the dtype the weights are stored in, and the original JSON
 * text, which a checkpoint writes back unchanged so every key survives a round trip.
 *
 * @param architecture the {@code architectures[0]} value, e.g. {@code Qwen3ForCausalLM}
 * @param kvHeads {@code num_key_value_heads}; divides the attention heads
 * @param headWidth {@code head_dim}
 * @param qkvBias whether q_proj, k_proj and v_proj have a bias
 * @param outputBias whether o_proj has a bias
 * @param qkNorm whether queries and keys pass a per-head RMSNorm (q_norm, k_norm) before the rotation
 * @param tiedEmbeddings whether the LM head reuses {@code embed_tokens} ({@code tie_word_embeddings})
 * @param ropeScaling how rotary frequencies are scaled, or null for none
 * @param bosTokenId {@code bos_token_id}, or null
 * @param eosTokenIds {@code eos_token_id} (one or several; empty when absent)
 * @param storageDtype the safetensors dtype the weights are written in ({@code F32}, {@code BF16}, {@code F16}),
 *     or null when neither the config nor the weights said it yet
 * @param json the original {@code config.json} text
 */
public record HfModelConfig(String architecture, int kvHeads, int headWidth, boolean qkvBias, boolean outputBias,
                            boolean qkNorm, boolean tiedEmbeddings, RopeScaling ropeScaling, Integer bosTokenId,
                            List<Integer> eosTokenIds, String storageDtype, String json)
        implements HfAttentionShape {

    /** The {@code architectures} values this project runs. */
    public static final List<String> ARCHITECTURES = List.of("LlamaForCausalLM", "Qwen2ForCausalLM",
            "Qwen3ForCausalLM", "MistralForCausalLM");

    /** Copies the id list so the record stays immutable. */
    public HfModelConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    /**
     * @param dtype the safetensors dtype code the weights are stored in
     * @return this config with that storage dtype
     */
    public HfModelConfig withStorageDtype(String dtype) {
        return new HfModelConfig(architecture, kvHeads, headWidth, qkvBias, outputBias, qkNorm, tiedEmbeddings,
                ropeScaling, bosTokenId, eosTokenIds, dtype, json);
    }
}
