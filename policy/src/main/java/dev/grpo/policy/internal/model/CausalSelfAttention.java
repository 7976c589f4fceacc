package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head causal self-attention with a fused query/key/value projection, optional rotary positions and an
 * optional {@link KvCache}. The causal and padding mask arrives as an additive bias in the {@link DecoderInput}.
 */
final class CausalSelfAttention extends AbstractBlock implements SelfAttention {

    private final int heads;
    private final int headWidth;
    private final Linear queryKeyValue;
    private final Linear output;

    /**
     * @param width the model width
     * @param heads the number of heads; divides {@code width}
     */
    public CausalSelfAttention(int width, int heads) {
        this.heads = heads;
        this.headWidth = width / heads;
        queryKeyValue = addChildBlock("qkv", Linear.builder().setUnits(3L * width).optBias(false).build());
        output = addChildBlock("out", Linear.builder().setUnits(width).optBias(false).build());
    }

    @Override
    public NDArray attend(ParameterStore store, NDArray x, DecoderInput input, KvCache cache, int layer,
                          boolean training) {
        Shape shape = x.getShape();
        NDList parts = queryKeyValue.forward(store, new NDList(x), training).singletonOrThrow().split(3, 2);
        NDArray queries = splitHeads(parts.get(0), shape);
        NDArray keys = splitHeads(parts.get(1), shape);
        NDArray values = splitHeads(parts.get(2), shape);
        if (input.rotary()) {
            queries = input.rotate(queries);
            keys = input.rotate(keys);
        }
        NDArray transposedKeys = keys.transpose(0, 1, 3, 2);
        if (cache != null) {
            NDList all = cache.append(layer, transposedKeys, values);
            transposedKeys = all.get(0);
            values = all.get(1);
        }
        NDArray scale = Scalar.like(queries, (float) (1 / Math.sqrt(headWidth)));
        NDArray scores = queries.mul(scale).matMul(transposedKeys).add(input.attentionBias());
        NDArray mixed = scores.softmax(3).matMul(values).transpose(0, 2, 1, 3).reshape(shape);
        return output.forward(store, new NDList(mixed), training).singletonOrThrow();
    }

    private NDArray splitHeads(NDArray projected, Shape shape) {
        return projected.reshape(shape.get(0), shape.get(1), heads, headWidth).transpose(0, 2, 1, 3);
    }

    /** Inputs: the hidden states followed by {@link DecoderInput#toNDList()}; attends without a cache. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(attend(store, inputs.get(0), DecoderInput.fromNDList(inputs, 1), null, 0, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        queryKeyValue.initialize(manager, dataType, inputShapes[0]);
        output.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
