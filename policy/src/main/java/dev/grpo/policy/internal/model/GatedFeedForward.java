package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The SwiGLU MLP {@code down_proj(silu(gate_proj(x)) * up_proj(x))} with the three separate projections Hugging
 * Face checkpoints store (the own layout fuses gate and up, see {@link SwiGluFeedForward}).
 */
final class GatedFeedForward extends AbstractBlock {

    private final Linear gate;
    private final Linear up;
    private final Linear down;

    /**
     * @param width the model width
     * @param hiddenWidth the MLP's hidden width ({@code intermediate_size})
     */
    public GatedFeedForward(int width, int hiddenWidth) {
        gate = addChildBlock("gate_proj", Linear.builder().setUnits(hiddenWidth).optBias(false).build());
        up = addChildBlock("up_proj", Linear.builder().setUnits(hiddenWidth).optBias(false).build());
        down = addChildBlock("down_proj", Linear.builder().setUnits(width).optBias(false).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray gated = gate.forward(store, inputs, training).singletonOrThrow();
        NDArray hidden = gated.mul(Activation.sigmoid(gated)).mul(up.forward(store, inputs, training).singletonOrThrow());
        return down.forward(store, new NDList(hidden), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        gate.initialize(manager, dataType, inputShapes[0]);
        up.initialize(manager, dataType, inputShapes[0]);
        down.initialize(manager, dataType, gate.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
