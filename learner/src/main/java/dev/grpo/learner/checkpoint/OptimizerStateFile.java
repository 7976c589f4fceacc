package dev.grpo.learner.checkpoint;

import dev.grpo.learner.train.OptimizerState;
import dev.grpo.policy.checkpoint.SafeTensor;
import dev.grpo.policy.checkpoint.Safetensors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW's state as a safetensors file: tensors {@code m.<parameter>} and {@code v.<parameter>} (F32, flat) and the
 * step count in the metadata.
 */
final class OptimizerStateFile {

    private static final String STEPS = "steps";
    private static final String FIRST = "m.";
    private static final String SECOND = "v.";

    private OptimizerStateFile() {
    }

    static byte[] encode(OptimizerState state) throws IOException {
        List<SafeTensor> tensors = new ArrayList<>();
        state.firstMoments().forEach((name, values) -> tensors.add(tensor(FIRST + name, values)));
        state.secondMoments().forEach((name, values) -> tensors.add(tensor(SECOND + name, values)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, tensors, Map.of(STEPS, Long.toString(state.steps())));
        return out.toByteArray();
    }

    static OptimizerState decode(byte[] bytes) throws IOException {
        Safetensors.Content content = Safetensors.read(bytes);
        Map<String, float[]> first = new LinkedHashMap<>();
        Map<String, float[]> second = new LinkedHashMap<>();
        content.tensors().forEach((name, tensor) -> {
            if (name.startsWith(FIRST)) {
                first.put(name.substring(FIRST.length()), floats(tensor));
            } else if (name.startsWith(SECOND)) {
                second.put(name.substring(SECOND.length()), floats(tensor));
            }
        });
        String steps = content.metadata().get(STEPS);
        if (steps == null) {
            throw new IllegalArgumentException("optimizer state has no '" + STEPS + "' metadata");
        }
        return new OptimizerState(Long.parseLong(steps), first, second);
    }

    private static SafeTensor tensor(String name, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return new SafeTensor(name, "F32", new long[] {values.length}, bytes.array());
    }

    private static float[] floats(SafeTensor tensor) {
        if (!tensor.dtype().equals("F32")) {
            throw new IllegalArgumentException("optimizer tensor " + tensor.name() + " has dtype " + tensor.dtype());
        }
        float[] values = new float[tensor.data().length / Float.BYTES];
        ByteBuffer.wrap(tensor.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
