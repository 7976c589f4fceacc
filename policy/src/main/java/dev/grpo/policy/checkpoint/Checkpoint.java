package dev.grpo.policy.checkpoint;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import dev.grpo.policy.checkpoint.CheckpointException.Problem;
import dev.grpo.policy.model.ModelConfig;
import dev.grpo.policy.model.ModelConfigException;
import dev.grpo.policy.model.NoGradient;
import dev.grpo.policy.model.PolicyModel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A verified checkpoint read into memory: a directory holding {@value #WEIGHTS} (float32 safetensors, one tensor
 * per parameter, named like {@code layers.0.attn.qkv.weight}), {@value #CONFIG} (the {@link ModelConfig}) and
 * {@value #CHECKSUM} (the weights' sha256 in {@code sha256sum} format). Reading verifies the checksum; loading
 * verifies names, dtypes and shapes of every tensor before touching any weight.
 */
public final class Checkpoint {

    /** The weights file. */
    public static final String WEIGHTS = "model.safetensors";
    /** The model config file. */
    public static final String CONFIG = "config.json";
    /** The checksum file: {@code <sha256 hex>  model.safetensors}. */
    public static final String CHECKSUM = "model.safetensors.sha256";

    private final Path directory;
    private final ModelConfig config;
    private final String sha256;
    private final Safetensors.Content content;

    private Checkpoint(Path directory, ModelConfig config, String sha256, Safetensors.Content content) {
        this.directory = directory;
        this.config = config;
        this.sha256 = sha256;
        this.content = content;
    }

    /**
     * Writes a checkpoint atomically: everything goes into a hidden temporary sibling directory, which is then
     * renamed to {@code directory}. An existing checkpoint there is replaced (moved aside, then deleted), so a
     * crash leaves either the old or the new checkpoint under that name, never a partial one.
     *
     * @param model the model whose weights to save
     * @param directory the checkpoint directory to create or replace
     * @param metadata strings stored in the safetensors header (e.g. step, task)
     * @return the sha256 of the weights file, lower-case hex
     * @throws CheckpointException with {@link Problem#IO} when writing fails
     */
    public static String write(PolicyModel model, Path directory, Map<String, String> metadata) {
        Path target = directory.toAbsolutePath();
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            Files.createDirectory(temporary);
            byte[] weights = weightsFile(model, metadata);
            String sha256 = sha256(weights);
            DurableFiles.write(temporary.resolve(WEIGHTS), weights);
            DurableFiles.write(temporary.resolve(CONFIG), model.config().toJson().getBytes(StandardCharsets.UTF_8));
            DurableFiles.write(temporary.resolve(CHECKSUM), (sha256 + "  " + WEIGHTS + "\n").getBytes(StandardCharsets.UTF_8));
            replace(target, temporary);
            return sha256;
        } catch (IOException | UncheckedIOException e) {
            DurableFiles.deleteTree(temporary);
            throw new CheckpointException(Problem.IO, target, "cannot write: " + e.getMessage(), e);
        }
    }

    private static byte[] weightsFile(PolicyModel model, Map<String, String> metadata) throws IOException {
        List<SafeTensor> tensors = new ArrayList<>();
        for (Map.Entry<String, Parameter> entry : model.parameters().entrySet()) {
            float[] values = entry.getValue().getArray().toFloatArray();
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            tensors.add(new SafeTensor(entry.getKey(), "F32", entry.getValue().getArray().getShape().getShape(),
                    bytes.array()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, tensors, metadata);
        return out.toByteArray();
    }

    private static void replace(Path target, Path temporary) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            DurableFiles.deleteTree(old);
        }
    }

    /**
     * Reads a checkpoint and verifies the weights' sha256.
     *
     * @param directory the checkpoint directory
     * @return the checkpoint, held in memory
     * @throws CheckpointException when a file is missing or malformed, or the checksum does not match
     */
    public static Checkpoint read(Path directory) {
        ModelConfig config = readConfig(directory);
        String expected = readChecksum(directory);
        byte[] weights = readFile(directory, WEIGHTS);
        String actual = sha256(weights);
        if (!actual.equals(expected)) {
            throw new CheckpointException(Problem.CHECKSUM_MISMATCH, directory,
                    WEIGHTS + " has sha256 " + actual + " but " + CHECKSUM + " records " + expected, null);
        }
        try {
            return new Checkpoint(directory, config, actual, Safetensors.read(weights));
        } catch (SafetensorsFormatException e) {
            throw new CheckpointException(Problem.MALFORMED, directory, WEIGHTS + ": " + e.getMessage(), e);
        }
    }

    private static ModelConfig readConfig(Path directory) {
        String json = new String(readFile(directory, CONFIG), StandardCharsets.UTF_8);
        try {
            return ModelConfig.fromJson(json);
        } catch (ModelConfigException e) {
            throw new CheckpointException(Problem.MALFORMED, directory, CONFIG + ": " + e.getMessage(), e);
        }
    }

    private static String readChecksum(Path directory) {
        String line = new String(readFile(directory, CHECKSUM), StandardCharsets.UTF_8).strip();
        String hex = line.split("\\s+", 2)[0].toLowerCase();
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new CheckpointException(Problem.MALFORMED, directory,
                    CHECKSUM + " does not start with a sha256 hex digest", null);
        }
        return hex;
    }

    private static byte[] readFile(Path directory, String name) {
        try {
            return Files.readAllBytes(directory.resolve(name));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(Problem.MISSING_FILE, directory, name + " does not exist", e);
        } catch (IOException e) {
            throw new CheckpointException(Problem.IO, directory, "cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** @return the checkpoint directory */
    public Path directory() {
        return directory;
    }

    /** @return the model config stored with the weights */
    public ModelConfig config() {
        return config;
    }

    /** @return the verified sha256 of the weights file, lower-case hex */
    public String sha256() {
        return sha256;
    }

    /** @return the string metadata stored in the weights file's header */
    public Map<String, String> metadata() {
        return content.metadata();
    }

    /**
     * Builds a model from the checkpoint.
     *
     * @param device where the weights go
     * @return the model, with exactly the saved weights
     * @throws CheckpointException when a tensor is missing, unexpected, or has the wrong dtype or shape
     */
    public PolicyModel load(Device device) {
        PolicyModel model = PolicyModel.create(config, 0, device);
        try {
            copyInto(model);
            return model;
        } catch (CheckpointException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Overwrites a model's weights in place (e.g. a generator swapping in a newer policy). Every tensor is checked
     * before any weight changes, so a rejected checkpoint leaves the model as it was.
     *
     * @param model a model with the same config
     * @throws CheckpointException when the config differs or a tensor does not fit
     */
    public void copyInto(PolicyModel model) {
        if (!model.config().equals(config)) {
            throw new CheckpointException(Problem.CONFIG_MISMATCH, directory,
                    "checkpoint config " + config + " differs from the model's " + model.config(), null);
        }
        Map<String, Parameter> parameters = model.parameters();
        for (String name : content.tensors().keySet()) {
            if (!parameters.containsKey(name)) {
                throw new CheckpointException(Problem.UNEXPECTED_TENSOR, directory,
                        "tensor " + name + " is not a parameter of the model", null);
            }
        }
        parameters.forEach((name, parameter) -> check(name, parameter));
        try (NoGradient noGradient = NoGradient.scope()) {
            parameters.forEach((name, parameter) -> {
                ByteBuffer bytes = ByteBuffer.wrap(content.tensors().get(name).data()).order(ByteOrder.LITTLE_ENDIAN);
                float[] values = new float[bytes.remaining() / Float.BYTES];
                bytes.asFloatBuffer().get(values);
                parameter.getArray().set(values);
            });
        }
    }

    private void check(String name, Parameter parameter) {
        SafeTensor tensor = content.tensors().get(name);
        if (tensor == null) {
            throw new CheckpointException(Problem.MISSING_TENSOR, directory, "no tensor " + name + " in " + WEIGHTS,
                    null);
        }
        if (!tensor.dtype().equals("F32")) {
            throw new CheckpointException(Problem.UNSUPPORTED_DTYPE, directory,
                    "tensor " + name + " has dtype " + tensor.dtype() + ", expected F32", null);
        }
        long[] expected = parameter.getArray().getShape().getShape();
        if (!Arrays.equals(tensor.shape(), expected)) {
            throw new CheckpointException(Problem.SHAPE_MISMATCH, directory, "tensor " + name + " has shape "
                    + Arrays.toString(tensor.shape()) + " but the model expects " + Arrays.toString(expected), null);
        }
    }
}
