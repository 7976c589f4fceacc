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

/** The gated MLP {@code down(silu(gate(x)) * up(x))}; gate and up are one fused projection. */
final class SwiGluFeedForward extends AbstractBlock {

    private final Linear gateUp;
    private final Linear down;

    /**
     * @param width the model width
     * @param hiddenWidth the MLP's hidden width
     */
    public SwiGluFeedForward(int width, int hiddenWidth) {
        gateUp = addChildBlock("gateUp", Linear.builder().setUnits(2L * hiddenWidth).optBias(false).build());
        down = addChildBlock("down", Linear.builder().setUnits(width).optBias(false).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList halves = gateUp.forward(store, new NDList(x), training).singletonOrThrow().split(2, 2);
        NDArray gate = halves.get(0);
        NDArray hidden = gate.mul(Activation.sigmoid(gate)).mul(halves.get(1));
        return down.forward(store, new NDList(hidden), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        gateUp.initialize(manager, dataType, inputShapes[0]);
        Shape hidden = gateUp.getOutputShapes(inputShapes)[0];
        down.initialize(manager, dataType, hidden.slice(0, hidden.dimension() - 1).add(hidden.tail() / 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
