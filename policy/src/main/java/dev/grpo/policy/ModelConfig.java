package dev.grpo.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.grpo.policy.internal.model.TransformerShape;

/**
 * The shape of a policy model; stored as {@code config.json} next to the weights of every checkpoint. A model of
 * the project's own layout writes the keys below; a Hugging Face model ({@link #huggingFace()} set) keeps its own
 * {@code config.json} text and adds grouped-query attention, biases, q/k norms, tied embeddings and rope scaling.
 *
 * @param vocabularySize number of token ids
 * @param maxLength the longest sequence (prompt plus completion) the model handles
 * @param layers number of decoder layers
 * @param width the model (residual stream) width, d_model
 * @param heads attention (query) heads; must divide {@code width} in the own layout
 * @param feedForwardWidth hidden width of each MLP
 * @param positions how positions are encoded
 * @param normalization the pre-norm kind
 * @param feedForward the MLP kind
 * @param ropeTheta the rotary base (used with {@link PositionEncoding#ROTARY})
 * @param normEpsilon the epsilon inside the norms
 * @param huggingFace the Hugging Face part, or null for the project's own layout
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
        @JsonProperty("norm_eps") double normEpsilon,
        @JsonIgnore HfModelConfig huggingFace) implements TransformerShape {

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
        if (huggingFace == null && width % heads != 0) {
            throw new ModelConfigException("d_model " + width + " is not divisible by heads " + heads, null);
        }
        if (huggingFace != null) {
            requirePositive("num_key_value_heads", huggingFace.kvHeads());
            requirePositive("head_dim", huggingFace.headWidth());
            if (heads % huggingFace.kvHeads() != 0) {
                throw new ModelConfigException("num_attention_heads " + heads
                        + " is not divisible by num_key_value_heads " + huggingFace.kvHeads(), null);
            }
        }
        int headWidth = huggingFace == null ? width / heads : huggingFace.headWidth();
        if (positions == PositionEncoding.ROTARY && headWidth % 2 != 0) {
            throw new ModelConfigException("rotary positions need an even head width, got " + headWidth, null);
        }
        if (!(ropeTheta > 0) || !(normEpsilon > 0)) {
            throw new ModelConfigException("rope_theta and norm_eps must be > 0", null);
        }
    }

    /**
     * A config of the project's own layout.
     *
     * @param vocabularySize number of token ids
     * @param maxLength the longest sequence
     * @param layers number of decoder layers
     * @param width d_model
     * @param heads attention heads; divide {@code width}
     * @param feedForwardWidth hidden width of each MLP
     * @param positions how positions are encoded
     * @param normalization the pre-norm kind
     * @param feedForward the MLP kind
     * @param ropeTheta the rotary base
     * @param normEpsilon the epsilon inside the norms
     */
    public ModelConfig(int vocabularySize, int maxLength, int layers, int width, int heads, int feedForwardWidth,
                       PositionEncoding positions, Normalization normalization, FeedForwardKind feedForward,
                       double ropeTheta, double normEpsilon) {
        this(vocabularySize, maxLength, layers, width, heads, feedForwardWidth, positions, normalization,
                feedForward, ropeTheta, normEpsilon, null);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new ModelConfigException(name + " must be > 0, got " + value, null);
        }
    }

    /** @return whether a learned embedding per position is added to the token embedding */
    @JsonIgnore
    @Override
    public boolean learnedPositions() {
        return positions == PositionEncoding.LEARNED;
    }

    /** @return whether queries and keys are rotated by their position (rotary embeddings) */
    @JsonIgnore
    @Override
    public boolean rotaryPositions() {
        return positions == PositionEncoding.ROTARY;
    }

    /** @return whether the pre-norms are RMSNorm (else LayerNorm) */
    @JsonIgnore
    @Override
    public boolean rmsNorm() {
        return normalization == Normalization.RMS_NORM;
    }

    /** @return whether each MLP of the project's own layout is SwiGLU (else GELU) */
    @JsonIgnore
    @Override
    public boolean swiGlu() {
        return feedForward == FeedForwardKind.SWIGLU;
    }

    /** @return whether this is a Hugging Face model (weights named and stored as transformers does) */
    @JsonIgnore
    public boolean isHuggingFace() {
        return huggingFace != null;
    }

    /** @return the width of one attention head */
    @JsonIgnore
    public int headWidth() {
        return huggingFace == null ? width / heads : huggingFace.headWidth();
    }

    /** @return the number of key/value heads (fewer than {@link #heads()} with grouped-query attention) */
    @JsonIgnore
    public int kvHeads() {
        return huggingFace == null ? heads : huggingFace.kvHeads();
    }

    /** @return whether the LM head reuses the token embedding */
    @JsonIgnore
    public boolean tiedEmbeddings() {
        return huggingFace != null && huggingFace.tiedEmbeddings();
    }

    /**
     * @return the rotary inverse frequencies {@code theta^(-2k/headWidth)}, k = 0 .. headWidth/2 - 1, scaled as
     *     the config's rope scaling says
     */
    public double[] rotaryFrequencies() {
        int headWidth = headWidth();
        RopeScaling scaling = huggingFace == null ? null : huggingFace.ropeScaling();
        double[] frequencies = new double[headWidth / 2];
        for (int k = 0; k < frequencies.length; k++) {
            frequencies[k] = Math.pow(ropeTheta, -2.0 * k / headWidth);
            if (scaling != null) {
                frequencies[k] = scaling.scale(frequencies[k]);
            }
        }
        return frequencies;
    }

    /**
     * @param length the new max length
     * @return this config with another max length (the weights of a rotary model fit either)
     */
    public ModelConfig withMaxLength(int length) {
        return new ModelConfig(vocabularySize, length, layers, width, heads, feedForwardWidth, positions,
                normalization, feedForward, ropeTheta, normEpsilon, huggingFace);
    }

    /**
     * @param hf the new Hugging Face part
     * @return this config with it
     */
    public ModelConfig withHuggingFace(HfModelConfig hf) {
        return new ModelConfig(vocabularySize, maxLength, layers, width, heads, feedForwardWidth, positions,
                normalization, feedForward, ropeTheta, normEpsilon, hf);
    }

    /** @return this config as {@code config.json} text: the own keys pretty-printed, or a Hugging Face original */
    public String toJson() {
        if (huggingFace != null) {
            return huggingFace.json();
        }
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a model config always serialises", e);
        }
    }

    /**
     * @param json the text of a {@code config.json}, of the own layout or a Hugging Face one
     * @return the config
     * @throws UnsupportedModelException when a Hugging Face config asks for maths that is not implemented
     * @throws ModelConfigException when the JSON is malformed or the config inconsistent
     */
    public static ModelConfig fromJson(String json) {
        if (HfConfigReader.isHuggingFace(json)) {
            return HfConfigReader.read(json);
        }
        try {
            return JSON.readValue(json, ModelConfig.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof ModelConfigException inner ? inner : e;
            throw new ModelConfigException("invalid model config: " + cause.getMessage(), e);
        }
    }
}
