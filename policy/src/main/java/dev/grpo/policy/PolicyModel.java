package dev.grpo.policy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import dev.grpo.policy.internal.model.CausalTransformer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A policy network with its weights: the {@link CausalTransformer}, the manager that owns the weight arrays, and
 * the device they live on. Weights are only ever changed in place (optimiser steps, checkpoint loads), so arrays
 * handed out earlier stay valid. Close it to free the weights.
 */
public final class PolicyModel implements AutoCloseable {

    /** Standard deviation of the initial weights of embeddings and projections. */
    static final double INITIAL_STD = 0.02;

    private final ModelConfig config;
    private final CausalTransformer block;
    private final NDManager manager;
    private final Map<String, Parameter> parameters;

    private PolicyModel(ModelConfig config, CausalTransformer block, NDManager manager) {
        this.config = config;
        this.block = block;
        this.manager = manager;
        Map<String, Parameter> named = new LinkedHashMap<>();
        collect("", block, named);
        this.parameters = Collections.unmodifiableMap(named);
    }

    /**
     * Builds a model with freshly drawn weights on the preferred device.
     *
     * @param config the shape
     * @param seed seeds the weights: the same config and seed give the same weights
     * @return the model
     */
    public static PolicyModel create(ModelConfig config, long seed) {
        return create(config, seed, ComputeDevice.preferred());
    }

    /**
     * @param config the shape
     * @param seed seeds the weights
     * @param device where the weights live
     * @return the model
     */
    public static PolicyModel create(ModelConfig config, long seed, Device device) {
        NDManager manager = NDManager.newBaseManager(device, ComputeDevice.ENGINE);
        CausalTransformer block = new CausalTransformer(config);
        block.setInitializer(new SeededNormalInitializer(seed, INITIAL_STD), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
        return new PolicyModel(config, block, manager);
    }

    /**
     * Names every parameter by the path of its block, dots between: {@code layers.0.attn.qkv.weight}, or for a
     * Hugging Face model {@code model.layers.0.self_attn.q_proj.weight}. DJL's own names join the levels with
     * {@code _} and prefix each child with a two-digit counter, which cannot be split back when a block name
     * itself holds an underscore, so the tree is walked instead (same order as {@code Block.getParameters()}).
     */
    private static void collect(String prefix, Block block, Map<String, Parameter> named) {
        for (Pair<String, Parameter> parameter : block.getDirectParameters()) {
            named.put(prefix + parameter.getKey(), parameter.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(prefix + child.getKey().replaceFirst("^\\d+", "") + ".", child.getValue(), named);
        }
    }

    /**
     * Builds a model whose weights are to be filled by a checkpoint: no random draws (fast for large models);
     * projections start at zero and norm gains at one.
     *
     * @param config the shape
     * @param device where the weights live
     * @param dataType the dtype of the weights and of the computation
     * @return the model
     */
    public static PolicyModel allocate(ModelConfig config, Device device, DataType dataType) {
        NDManager manager = NDManager.newBaseManager(device, ComputeDevice.ENGINE);
        CausalTransformer block = new CausalTransformer(config);
        block.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
        block.initialize(manager, dataType, new Shape(1, 1));
        return new PolicyModel(config, block, manager);
    }

    /** @return the model's shape */
    public ModelConfig config() {
        return config;
    }

    /** @return the network */
    public CausalTransformer block() {
        return block;
    }

    /** @return the manager owning the weights; make per-call sub-managers from it */
    public NDManager manager() {
        return manager;
    }

    /** @return the device the weights live on */
    public Device device() {
        return manager.getDevice();
    }

    /** @return a parameter store for one forward pass on the model's device */
    public ParameterStore parameterStore() {
        return new ParameterStore(manager, false);
    }

    /**
     * @return every parameter by its checkpoint name, in a fixed order: {@code layers.0.attn.qkv.weight} in the
     *     own layout, the Hugging Face tensor name ({@code model.layers.0.self_attn.q_proj.weight}) otherwise
     */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** @return the total number of weights */
    public long parameterCount() {
        return parameters.values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    @Override
    public void close() {
        manager.close();
    }
}
