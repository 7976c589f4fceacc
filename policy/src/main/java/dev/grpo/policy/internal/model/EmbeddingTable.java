package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A learned vector per id (token ids, or position ids): maps an int64 array {@code [B, T]} to {@code [B, T, width]}.
 * The lookup is issued on the id array, so its result lives in the caller's manager, not the model's.
 */
final class EmbeddingTable extends AbstractBlock {

    private final int rows;
    private final int width;
    private final Parameter weight;

    /**
     * @param rows number of ids
     * @param width vector width
     */
    public EmbeddingTable(int rows, int width) {
        this.rows = rows;
        this.width = width;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        NDArray table = store.getValue(weight, ids.getDevice(), training);
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE);
    }

    /**
     * Uses the table as a tied LM head: {@code hidden · tableᵀ}.
     *
     * @param store the parameter store
     * @param hidden {@code [B, T, width]}
     * @param training whether this is a training pass
     * @return {@code [B, T, rows]}
     */
    NDArray project(ParameterStore store, NDArray hidden, boolean training) {
        NDArray table = store.getValue(weight, hidden.getDevice(), training);
        return hidden.getNDArrayInternal().linear(hidden, table, null).singletonOrThrow();
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(rows, width));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(width)};
    }
}
