package dev.grpo.learner.internal.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.CheckpointException.Problem;
import dev.grpo.policy.CheckpointException;
import dev.grpo.policy.TensorDtype;
import dev.grpo.policy.TensorFile;
import dev.grpo.policy.HfModelConfig;
import dev.grpo.policy.NoGradient;
import dev.grpo.policy.PolicyModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's float32 weights exactly as the learner trains them, kept in the learner's own file next to a checkpoint
 * whose weights are stored narrower (a Hugging Face model in BF16 or F16): the generator-facing checkpoint holds
 * rounded weights, and a learner that resumed from those would continue from other weights than it had (updates
 * smaller than the rounding step would vanish). The file is safetensors, one F32 tensor per parameter name, with the
 * sha256 of the checkpoint it belongs to in its metadata; it streams like {@link Checkpoint}'s weights.
 */
final class MasterWeights {

    private static final String CHECKPOINT_SHA256 = "checkpoint_sha256";

    private final TensorFile file;
    private final Checkpoint checkpoint;

    private MasterWeights(TensorFile file, Checkpoint checkpoint) {
        this.file = file;
        this.checkpoint = checkpoint;
    }

    /**
     * @param model a model about to be checkpointed
     * @return whether its checkpoint rounds its weights, so that resuming exactly needs master weights
     */
    static boolean needed(PolicyModel model) {
        HfModelConfig hf = model.config().huggingFace();
        return hf != null && hf.storageDtype() != null
                && TensorDtype.of(hf.storageDtype()).orElse(TensorDtype.F32) != TensorDtype.F32;
    }

    /**
     * Streams a model's weights into a new file, forced to disk.
     *
     * @param path the file to create
     * @param model the model
     * @param checkpointSha256 the sha256 of the checkpoint just written from the same weights
     * @throws IOException when writing fails
     */
    static void write(Path path, PolicyModel model, String checkpointSha256) throws IOException {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        model.parameters().forEach((name, parameter) -> arrays.put(name, parameter.getArray()));
        TensorFile.write(path, arrays, TensorDtype.F32, Map.of(CHECKPOINT_SHA256, checkpointSha256));
    }

    /**
     * Maps a master weights file and checks that it belongs to the checkpoint and holds only F32 tensors.
     *
     * @param path the file
     * @param checkpoint the verified checkpoint written from the same weights
     * @return the master weights, read only when restored
     * @throws IOException when the file is unreadable or malformed
     * @throws IllegalArgumentException when it belongs to another checkpoint or a tensor is not F32
     */
    static MasterWeights read(Path path, Checkpoint checkpoint) throws IOException {
        TensorFile file = TensorFile.read(path);
        String belongsTo = file.metadata().get(CHECKPOINT_SHA256);
        if (!checkpoint.sha256().equals(belongsTo)) {
            throw new IllegalArgumentException("master weights of the checkpoint with sha256 " + belongsTo
                    + ", not of " + checkpoint.directory() + " (" + checkpoint.sha256() + ")");
        }
        for (String name : file.names()) {
            if (!file.dtype(name).equals("F32")) {
                throw new IllegalArgumentException("master tensor " + name + " has dtype " + file.dtype(name));
            }
        }
        return new MasterWeights(file, checkpoint);
    }

    /**
     * Checks, changing nothing, that the weights are exactly those of the model: same config as the checkpoint,
     * same parameter names and shapes.
     *
     * @param model the model to restore
     * @throws CheckpointException when they do not fit
     */
    void checkFits(PolicyModel model) {
        if (!model.config().equals(checkpoint.config())) {
            throw refused(Problem.CONFIG_MISMATCH, "checkpoint config " + checkpoint.config()
                    + " differs from the model's " + model.config());
        }
        Map<String, Parameter> parameters = model.parameters();
        for (String name : file.names()) {
            if (!parameters.containsKey(name)) {
                throw refused(Problem.UNEXPECTED_TENSOR, "tensor " + name + " is not a parameter of the model");
            }
        }
        parameters.forEach((name, parameter) -> {
            long[] expected = parameter.getArray().getShape().getShape();
            if (!file.names().contains(name)) {
                throw refused(Problem.MISSING_TENSOR, "no tensor " + name);
            }
            if (!Arrays.equals(file.shape(name), expected)) {
                throw refused(Problem.SHAPE_MISMATCH, "tensor " + name + " has shape "
                        + Arrays.toString(file.shape(name)) + " but the model expects " + Arrays.toString(expected));
            }
        });
    }

    /**
     * Overwrites the model's weights with the master weights; call {@link #checkFits} first.
     *
     * @param model the model to restore
     */
    void copyInto(PolicyModel model) {
        try (NoGradient noGradient = NoGradient.scope()) {
            model.parameters().forEach((name, parameter) -> file.copyInto(name, parameter.getArray()));
        }
    }

    private CheckpointException refused(Problem problem, String detail) {
        return new CheckpointException(problem, file.file().getParent(), file.file().getFileName() + ": " + detail,
                null);
    }
}
