package dev.grpo.policy.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

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
        for (Pair<String, Parameter> pair : block.getParameters()) {
            named.put(cleanName(pair.getKey()), pair.getValue());
        }
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

    /** DJL names nested parameters like {@code 03layers.0_02attn_01qkv_weight}; we write {@code layers.0.attn.qkv.weight}. */
    static String cleanName(String djlName) {
        String[] parts = djlName.split("_");
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            boolean childBlock = i < parts.length - 1;
            name.append(i == 0 ? "" : ".").append(childBlock ? parts[i].replaceFirst("^\\d{2}", "") : parts[i]);
        }
        return name.toString();
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

    /** @return every parameter by its checkpoint name (e.g. {@code layers.0.attn.qkv.weight}), in a fixed order */
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
