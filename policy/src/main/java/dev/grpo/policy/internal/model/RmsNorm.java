package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Root-mean-square normalisation over the last axis with a learned gain (DJL has no RMSNorm block). */
final class RmsNorm extends AbstractBlock {

    private final float epsilon;
    private final Parameter weight;

    /** @param epsilon added to the mean square before the square root */
    public RmsNorm(float epsilon) {
        this.epsilon = epsilon;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);
        NDArray gain = store.getValue(weight, x.getDevice(), training);
        return new NDList(x.div(meanSquare.add(Scalar.like(meanSquare, epsilon)).sqrt()).mul(gain));
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(inputShapes[0].tail()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
