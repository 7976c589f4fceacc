package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-norm transformer layer: {@code x + attn(norm(x))}, then {@code h + mlp(norm(h))}. The own layout fuses
 * projections ({@link CausalSelfAttention}, {@link SwiGluFeedForward}); a Hugging Face config gets the blocks and
 * names transformers uses ({@code input_layernorm}, {@code self_attn}, {@code post_attention_layernorm},
 * {@code mlp}), so parameter names are the checkpoint's tensor names.
 */
final class DecoderLayer extends AbstractBlock {

    private final Block attentionNorm;
    private final SelfAttention attention;
    private final Block mlpNorm;
    private final Block mlp;

    /** @param config the model config */
    public DecoderLayer(TransformerShape config) {
        boolean hf = config.isHuggingFace();
        attentionNorm = addChildBlock(hf ? "input_layernorm" : "attnNorm", norm(config));
        attention = addChildBlock(hf ? "self_attn" : "attn", hf
                ? new GroupedQueryAttention(config)
                : new CausalSelfAttention(config.width(), config.heads()));
        mlpNorm = addChildBlock(hf ? "post_attention_layernorm" : "mlpNorm", norm(config));
        mlp = addChildBlock("mlp", feedForward(config));
    }

    private static Block feedForward(TransformerShape config) {
        if (config.isHuggingFace()) {
            return new GatedFeedForward(config.width(), config.feedForwardWidth());
        }
        return config.swiGlu()
                ? new SwiGluFeedForward(config.width(), config.feedForwardWidth())
                : new GeluFeedForward(config.width(), config.feedForwardWidth());
    }

    /**
     * @param config the model config
     * @return a fresh norm block of the configured kind, normalising the last axis of {@code [B, T, width]}
     */
    static Block norm(TransformerShape config) {
        float epsilon = (float) config.normEpsilon();
        return config.rmsNorm()
                ? new RmsNorm(epsilon)
                : LayerNorm.builder().axis(2).optEpsilon(epsilon).build();
    }

    /**
     * @param store the parameter store
     * @param x {@code [B, T, width]}
     * @param input positions and mask of the window
     * @param cache the key/value cache, or null
     * @param layer this layer's index
     * @param training whether this is a training pass
     * @return {@code [B, T, width]}
     */
    public NDArray apply(ParameterStore store, NDArray x, DecoderInput input, KvCache cache, int layer,
                         boolean training) {
        NDArray normed = attentionNorm.forward(store, new NDList(x), training).singletonOrThrow();
        NDArray h = x.add(attention.attend(store, normed, input, cache, layer, training));
        NDList normedH = mlpNorm.forward(store, new NDList(h), training);
        return h.add(mlp.forward(store, normedH, training).singletonOrThrow());
    }

    /** Inputs: the hidden states followed by {@link DecoderInput#toNDList()}; runs without a cache. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(apply(store, inputs.get(0), DecoderInput.fromNDList(inputs, 1), null, 0, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
