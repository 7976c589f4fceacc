package dev.grpo.learner.internal.checkpoint;

import ai.djl.ndarray.NDArray;
import dev.grpo.policy.AdamW;
import dev.grpo.policy.OptimizerState;
import dev.grpo.policy.SavedOptimizerState;
import dev.grpo.policy.TensorDtype;
import dev.grpo.policy.TensorFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW's state as a safetensors file: tensors {@code m.<parameter>} and {@code v.<parameter>} (F32, flat, all first
 * moments then all second moments, in parameter order) and the step count in the metadata. The moments stream
 * between the optimiser's arrays and the file a chunk at a time (the file is memory-mapped when read), so a model of
 * any size needs no heap copy of its moments.
 */
final class OptimizerStateFile implements SavedOptimizerState {

    private static final String STEPS = "steps";
    private static final String FIRST = "m.";
    private static final String SECOND = "v.";

    private final TensorFile file;
    private final long steps;

    private OptimizerStateFile(TensorFile file, long steps) {
        this.file = file;
        this.steps = steps;
    }

    /**
     * Streams the state into a new file, forced to disk.
     *
     * @param path the file to create
     * @param state the optimiser's live state
     * @throws IOException when writing fails
     */
    static void write(Path path, OptimizerState state) throws IOException {
        Map<String, NDArray> flat = new LinkedHashMap<>();
        try {
            state.firstMoments().forEach((name, m) -> flat.put(FIRST + name, m.reshape(m.size())));
            state.secondMoments().forEach((name, v) -> flat.put(SECOND + name, v.reshape(v.size())));
            TensorFile.write(path, flat, TensorDtype.F32, Map.of(STEPS, Long.toString(state.steps())));
        } finally {
            flat.values().forEach(NDArray::close);
        }
    }

    /**
     * Maps a state file and checks what can be checked without the model: the step count and that every tensor is
     * an F32 moment.
     *
     * @param path the file
     * @return the state, its moments read only when restored
     * @throws IOException when the file is unreadable or malformed
     * @throws IllegalArgumentException when the step count is missing or a tensor is not an F32 moment
     */
    static OptimizerStateFile read(Path path) throws IOException {
        TensorFile file = TensorFile.read(path);
        for (String name : file.names()) {
            if (!name.startsWith(FIRST) && !name.startsWith(SECOND)) {
                throw new IllegalArgumentException("tensor " + name + " is not a moment (m.<name> or v.<name>)");
            }
            if (!file.dtype(name).equals("F32")) {
                throw new IllegalArgumentException("optimizer tensor " + name + " has dtype " + file.dtype(name));
            }
        }
        String steps = file.metadata().get(STEPS);
        if (steps == null || !steps.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("optimizer state has no '" + STEPS + "' count in its metadata: "
                    + steps);
        }
        return new OptimizerStateFile(file, Long.parseLong(steps));
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public void checkFits(OptimizerState target) {
        for (String name : file.names()) {
            String parameter = name.substring(name.indexOf('.') + 1);
            if (!target.firstMoments().containsKey(parameter)) {
                throw new IllegalArgumentException(file.file() + " has moment " + name + " of " + parameter
                        + ", which is not a parameter of the model");
            }
        }
        target.firstMoments().forEach((name, m) -> checkSize(FIRST + name, m.size()));
        target.secondMoments().forEach((name, v) -> checkSize(SECOND + name, v.size()));
    }

    private void checkSize(String name, long size) {
        if (!file.names().contains(name) || file.elementCount(name) != size) {
            throw new IllegalArgumentException(file.file() + " has no moment " + name + " of " + size
                    + " elements" + (file.names().contains(name) ? " (it has " + file.elementCount(name) + ")" : ""));
        }
    }

    @Override
    public void copyInto(OptimizerState target) {
        target.firstMoments().forEach((name, m) -> file.copyInto(FIRST + name, m));
        target.secondMoments().forEach((name, v) -> file.copyInto(SECOND + name, v));
    }
}
