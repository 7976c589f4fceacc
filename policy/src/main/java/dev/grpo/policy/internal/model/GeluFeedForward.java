package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The classic MLP {@code down(gelu(up(x)))}. */
final class GeluFeedForward extends AbstractBlock {

    private final Linear up;
    private final Linear down;

    /**
     * @param width the model width
     * @param hiddenWidth the MLP's hidden width
     */
    public GeluFeedForward(int width, int hiddenWidth) {
        up = addChildBlock("up", Linear.builder().setUnits(hiddenWidth).optBias(false).build());
        down = addChildBlock("down", Linear.builder().setUnits(width).optBias(false).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList hidden = up.forward(store, inputs, training);
        return down.forward(store, new NDList(Activation.gelu(hidden.singletonOrThrow())), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        up.initialize(manager, dataType, inputShapes[0]);
        down.initialize(manager, dataType, up.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
