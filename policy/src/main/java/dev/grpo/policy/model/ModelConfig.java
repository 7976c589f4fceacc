package dev.grpo.policy.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The shape of a policy model; stored as {@code config.json} next to the weights of every checkpoint.
 *
 * @param vocabularySize number of token ids
 * @param maxLength the longest sequence (prompt plus completion) the model handles
 * @param layers number of decoder layers
 * @param width the model (residual stream) width, d_model
 * @param heads attention heads; must divide {@code width}
 * @param feedForwardWidth hidden width of each MLP
 * @param positions how positions are encoded
 * @param normalization the pre-norm kind
 * @param feedForward the MLP kind
 * @param ropeTheta the rotary base (used with {@link PositionEncoding#ROTARY})
 * @param normEpsilon the epsilon inside the norms
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelConfig(
        @JsonProperty("vocab_size") int vocabularySize,
        @JsonProperty("max_length") int maxLength,
        @JsonProperty("layers") int layers,
        @JsonProperty("d_model") int width,
        @JsonProperty("heads") int heads,
        @JsonProperty("ffn_dim") int feedForwardWidth,
        @JsonProperty("positions") PositionEncoding positions,
        @JsonProperty("norm") Normalization normalization,
        @JsonProperty("mlp") FeedForwardKind feedForward,
        @JsonProperty("rope_theta") double ropeTheta,
        @JsonProperty("norm_eps") double normEpsilon) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Checks that the numbers fit together. */
    public ModelConfig {
        requirePositive("vocab_size", vocabularySize);
        requirePositive("max_length", maxLength);
        requirePositive("layers", layers);
        requirePositive("d_model", width);
        requirePositive("heads", heads);
        requirePositive("ffn_dim", feedForwardWidth);
        if (positions == null || normalization == null || feedForward == null) {
            throw new ModelConfigException("positions, norm and mlp must all be set", null);
        }
        if (width % heads != 0) {
            throw new ModelConfigException("d_model " + width + " is not divisible by heads " + heads, null);
        }
        if (positions == PositionEncoding.ROTARY && (width / heads) % 2 != 0) {
            throw new ModelConfigException("rotary positions need an even head width, got " + width / heads, null);
        }
        if (!(ropeTheta > 0) || !(normEpsilon > 0)) {
            throw new ModelConfigException("rope_theta and norm_eps must be > 0", null);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new ModelConfigException(name + " must be > 0, got " + value, null);
        }
    }

    /** @return the width of one attention head */
    @JsonIgnore
    public int headWidth() {
        return width / heads;
    }

    /**
     * @param length the new max length
     * @return this config with another max length (the weights of a rotary model fit either)
     */
    public ModelConfig withMaxLength(int length) {
        return new ModelConfig(vocabularySize, length, layers, width, heads, feedForwardWidth, positions,
                normalization, feedForward, ropeTheta, normEpsilon);
    }

    /** @return this config as pretty-printed JSON */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a model config always serialises", e);
        }
    }

    /**
     * @param json the text of a {@code config.json}
     * @return the config
     * @throws ModelConfigException when the JSON is malformed or the config inconsistent
     */
    public static ModelConfig fromJson(String json) {
        try {
            return JSON.readValue(json, ModelConfig.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof ModelConfigException inner ? inner : e;
            throw new ModelConfigException("invalid model config: " + cause.getMessage(), e);
        }
    }
}
