package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The attention of Hugging Face's Llama, Qwen2, Qwen3 and Mistral: separate {@code q_proj}, {@code k_proj},
 * {@code v_proj} (with biases when the config says so), an optional per-head RMSNorm of queries and keys before the
 * rotation (Qwen3's {@code q_norm}, {@code k_norm}), and grouped-query attention: each of the {@code kvHeads}
 * key/value heads serves {@code heads / kvHeads} query heads. Keys and values are cached per key/value head, so the
 * cache is not multiplied by the group size; the grouping is a broadcast in the attention product.
 */
final class GroupedQueryAttention extends AbstractBlock implements SelfAttention {

    private final int heads;
    private final int kvHeads;
    private final int headWidth;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;
    private final Block queryNorm;
    private final Block keyNorm;

    /** @param config a Hugging Face model config */
    public GroupedQueryAttention(TransformerShape config) {
        HfAttentionShape hf = config.huggingFace();
        heads = config.heads();
        kvHeads = hf.kvHeads();
        headWidth = hf.headWidth();
        query = addChildBlock("q_proj", projection(heads * headWidth, hf.qkvBias()));
        key = addChildBlock("k_proj", projection(kvHeads * headWidth, hf.qkvBias()));
        value = addChildBlock("v_proj", projection(kvHeads * headWidth, hf.qkvBias()));
        output = addChildBlock("o_proj", projection(config.width(), hf.outputBias()));
        queryNorm = hf.qkNorm() ? addChildBlock("q_norm", new RmsNorm((float) config.normEpsilon())) : null;
        keyNorm = hf.qkNorm() ? addChildBlock("k_norm", new RmsNorm((float) config.normEpsilon())) : null;
    }

    private static Linear projection(int units, boolean bias) {
        return Linear.builder().setUnits(units).optBias(bias).build();
    }

    @Override
    public NDArray attend(ParameterStore store, NDArray x, DecoderInput input, KvCache cache, int layer,
                          boolean training) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long window = shape.get(1);
        NDArray queries = input.rotate(heads(store, query, queryNorm, x, heads, training));
        NDArray keys = input.rotate(heads(store, key, keyNorm, x, kvHeads, training));
        NDArray values = heads(store, value, null, x, kvHeads, training);
        NDArray transposedKeys = keys.transpose(0, 1, 3, 2);
        if (cache != null) {
            NDList all = cache.append(layer, transposedKeys, values);
            transposedKeys = all.get(0);
            values = all.get(1);
        }
        int group = heads / kvHeads;
        NDArray scale = Scalar.like(queries, (float) (1 / Math.sqrt(headWidth)));
        NDArray grouped = queries.mul(scale).reshape(batch, kvHeads, group, window, headWidth);
        NDArray scores = grouped.matMul(transposedKeys.expandDims(2)).add(input.attentionBias().expandDims(1));
        NDArray mixed = scores.softmax(4).matMul(values.expandDims(2))
                .reshape(batch, heads, window, headWidth).transpose(0, 2, 1, 3)
                .reshape(batch, window, (long) heads * headWidth);
        return output.forward(store, new NDList(mixed), training).singletonOrThrow();
    }

    /** Projects {@code [B, T, width]} to {@code [B, count, T, headWidth]}, normed per head when a norm is given. */
    private NDArray heads(ParameterStore store, Linear projection, Block norm, NDArray x, int count,
                          boolean training) {
        Shape shape = x.getShape();
        NDArray projected = projection.forward(store, new NDList(x), training).singletonOrThrow()
                .reshape(shape.get(0), shape.get(1), count, headWidth);
        if (norm != null) {
            projected = norm.forward(store, new NDList(projected), training).singletonOrThrow();
        }
        return projected.transpose(0, 2, 1, 3);
    }

    /** Inputs: the hidden states followed by {@link DecoderInput#toNDList()}; attends without a cache. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(attend(store, inputs.get(0), DecoderInput.fromNDList(inputs, 1), null, 0, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = inputShapes[0];
        Shape leading = hidden.slice(0, hidden.dimension() - 1);
        query.initialize(manager, dataType, hidden);
        key.initialize(manager, dataType, hidden);
        value.initialize(manager, dataType, hidden);
        output.initialize(manager, dataType, leading.add((long) heads * headWidth));
        if (queryNorm != null) {
            queryNorm.initialize(manager, dataType, leading.add(heads, headWidth));
            keyNorm.initialize(manager, dataType, leading.add(kvHeads, headWidth));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
