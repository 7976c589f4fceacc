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

import java.util.ArrayList;
import java.util.List;

/**
 * The decoder-only transformer: token embedding (plus learned positions, when configured), pre-norm decoder
 * layers, a final norm and an LM head (tied to the token embedding when a Hugging Face config says so). A Hugging
 * Face config names the blocks as transformers does ({@code model.embed_tokens}, {@code model.layers.N},
 * {@code model.norm}, {@code lm_head}). Input: a {@link DecoderInput}; output: logits {@code [B, T, vocab]}.
 */
public final class CausalTransformer extends AbstractBlock {

    private final TransformerShape config;
    private final EmbeddingTable tokens;
    private final EmbeddingTable positions;
    private final List<DecoderLayer> layers = new ArrayList<>();
    private final Block finalNorm;
    private final Linear head;

    /** @param config the model config */
    public CausalTransformer(TransformerShape config) {
        this.config = config;
        boolean hf = config.isHuggingFace();
        tokens = addChildBlock(hf ? "model.embed_tokens" : "embed",
                new EmbeddingTable(config.vocabularySize(), config.width()));
        positions = config.learnedPositions()
                ? addChildBlock("positions", new EmbeddingTable(config.maxLength(), config.width()))
                : null;
        for (int i = 0; i < config.layers(); i++) {
            layers.add(addChildBlock((hf ? "model.layers." : "layers.") + i, new DecoderLayer(config)));
        }
        finalNorm = addChildBlock(hf ? "model.norm" : "norm", DecoderLayer.norm(config));
        head = config.tiedEmbeddings() ? null : addChildBlock(hf ? "lm_head" : "head",
                Linear.builder().setUnits(config.vocabularySize()).optBias(false).build());
    }

    /** @return the config this model was built from */
    public TransformerShape config() {
        return config;
    }

    /**
     * Runs the layers over one window of a batch.
     *
     * @param store the parameter store
     * @param input the window
     * @param cache the key/value cache to extend and attend over, or null for a self-contained window
     * @param training whether this is a training pass
     * @return the final-normed hidden states {@code [B, T, width]}
     */
    public NDArray hiddenStates(ParameterStore store, DecoderInput input, KvCache cache, boolean training) {
        NDArray x = tokens.forward(store, new NDList(input.tokens()), training).singletonOrThrow();
        if (positions != null) {
            x = x.add(positions.forward(store, new NDList(input.positions()), training).singletonOrThrow());
        }
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).apply(store, x, input, cache, i, training);
        }
        return finalNorm.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /**
     * @param store the parameter store
     * @param hidden hidden states {@code [B, T, width]} (or a slice of them)
     * @param training whether this is a training pass
     * @return logits {@code [B, T, vocab]}
     */
    public NDArray logits(ParameterStore store, NDArray hidden, boolean training) {
        if (head == null) {
            return tokens.project(store, hidden, training);
        }
        return head.forward(store, new NDList(hidden), training).singletonOrThrow();
    }

    /** Inputs: {@link DecoderInput#toNDList()}; output: the logits of every column, computed without a cache. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(logits(store, hiddenStates(store, DecoderInput.fromNDList(inputs, 0), null, training),
                training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        Shape hidden = ids.add(config.width());
        tokens.initialize(manager, dataType, ids);
        if (positions != null) {
            positions.initialize(manager, dataType, ids);
        }
        for (DecoderLayer layer : layers) {
            layer.initialize(manager, dataType, hidden);
        }
        finalNorm.initialize(manager, dataType, hidden);
        if (head != null) {
            head.initialize(manager, dataType, hidden);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.vocabularySize())};
    }
}
