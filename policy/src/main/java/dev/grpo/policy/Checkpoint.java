package dev.grpo.policy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import dev.grpo.policy.CheckpointException.Problem;
import dev.grpo.policy.internal.checkpoint.Safetensors.TensorInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A verified checkpoint, its tensors memory-mapped (files and tensors of any size; nothing is copied onto the heap
 * until a model is loaded). Two layouts are read and written:
 * <ul>
 *   <li>the project's own: {@value #WEIGHTS} (float32 safetensors, one tensor per parameter, named like
 *   {@code layers.0.attn.qkv.weight}), {@value #CONFIG} (the {@link ModelConfig}'s own keys) and {@value #CHECKSUM}
 *   (the weights' sha256 in {@code sha256sum} format), which must be present;</li>
 *   <li>Hugging Face's (a {@value #CONFIG} with {@code architectures}, see {@link HfConfigReader}): tensors named as
 *   transformers names them in {@value #WEIGHTS} or in shards listed by {@code model.safetensors.index.json}, in F32,
 *   BF16 or F16. Its sha256 is that of {@value #WEIGHTS}, or for shards that of the shard files' bytes concatenated
 *   in ascending file-name order (what {@code cat model-*-of-*.safetensors | sha256sum} prints); a {@value #CHECKSUM}
 *   file, when present, must match it. Writing shards a checkpoint whose tensors exceed {@link #MAX_SHARD_BYTES} and
 *   records that same digest.</li>
 * </ul>
 * Reading verifies the checksum; loading verifies names, dtypes and shapes of every tensor before touching any
 * weight.
 */
public final class Checkpoint {

    /** The weights file. */
    public static final String WEIGHTS = "model.safetensors";
    /** The model config file. */
    public static final String CONFIG = "config.json";
    /**
     * The checksum file: {@code <sha256 hex>  model.safetensors}, or for shards the digest of their concatenation
     * followed by their names joined with {@code +}. Only the digest is read.
     */
    public static final String CHECKSUM = "model.safetensors.sha256";

    /**
     * The most tensor bytes per file of a Hugging Face checkpoint before it is sharded: 5 GB, the default
     * {@code max_shard_size="5GB"} of transformers' {@code save_pretrained} (decimal gigabytes, as transformers
     * counts them).
     */
    static final long MAX_SHARD_BYTES = 5_000_000_000L;

    /** Hugging Face tensors that are buffers, not parameters (older Llama checkpoints store them); skipped. */
    private static final String ROTARY_BUFFER = ".rotary_emb.inv_freq";

    private final Path directory;
    private final ModelConfig config;
    private final WeightFiles weights;

    private Checkpoint(Path directory, ModelConfig config, WeightFiles weights) {
        this.directory = directory;
        this.config = config;
        this.weights = weights;
    }

    /**
     * Writes a checkpoint atomically in the layout of the model's config (see {@link #write(PolicyModel, Path, Map,
     * Path)}), without companion files.
     *
     * @param model the model whose weights to save
     * @param directory the checkpoint directory to create or replace
     * @param metadata strings stored in the safetensors header (e.g. step, task)
     * @return the sha256 of the weights file, lower-case hex
     * @throws CheckpointException with {@link Problem#IO} when writing fails
     */
    public static String write(PolicyModel model, Path directory, Map<String, String> metadata) {
        return write(model, directory, metadata, null);
    }

    /**
     * Writes a checkpoint atomically: everything goes into a hidden temporary sibling directory, which is then
     * renamed to {@code directory}. An existing checkpoint there is replaced (moved aside, then deleted), so a
     * crash leaves either the old or the new checkpoint under that name, never a partial one. A Hugging Face model
     * is written in its layout: its original {@value #CONFIG} text, one {@value #WEIGHTS} (or, beyond
     * {@link #MAX_SHARD_BYTES} of tensors, {@code model-0000k-of-0000n.safetensors} shards and
     * {@code model.safetensors.index.json}) with the transformers tensor names in the dtype it was stored in (float32
     * weights rounded to nearest even) and header metadata {@code format: pt}, and {@value #CHECKSUM}. Tensors are
     * streamed to disk a chunk at a time and hashed on the way, so writing needs little memory beyond the model.
     *
     * @param model the model whose weights to save
     * @param directory the checkpoint directory to create or replace
     * @param metadata strings stored in the safetensors header (e.g. step, task)
     * @param companionsFrom a model directory whose tokenizer, generation config and other non-weight, non-config
     *     files are copied along, or null for none
     * @return the sha256 of the weights file (of the shards' concatenation when sharded), lower-case hex, as
     *     {@link #sha256()} reads it back
     * @throws CheckpointException with {@link Problem#IO} when writing fails
     */
    public static String write(PolicyModel model, Path directory, Map<String, String> metadata, Path companionsFrom) {
        return write(model, directory, metadata, companionsFrom, MAX_SHARD_BYTES);
    }

    /** As {@link #write(PolicyModel, Path, Map, Path)}, with Hugging Face shards of at most {@code maxShardBytes}. */
    static String write(PolicyModel model, Path directory, Map<String, String> metadata, Path companionsFrom,
            long maxShardBytes) {
        Path target = directory.toAbsolutePath();
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            Files.createDirectory(temporary);
            TensorDtype dtype = storageDtype(model.config());
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            List<TensorInfo> tensors = new ArrayList<>();
            model.parameters().forEach((name, parameter) -> {
                NDArray array = parameter.getArray();
                arrays.put(name, array);
                tensors.add(new TensorInfo(name, dtype.name(), array.getShape().getShape(), 0, array.size() * dtype.bytes()));
            });
            Map<String, String> header = new LinkedHashMap<>(metadata);
            ShardPlan plan = ShardPlan.single(tensors);
            if (model.config().isHuggingFace()) {
                header.put("format", "pt");
                plan = ShardPlan.of(tensors, maxShardBytes);
            }
            String sha256 = plan.write(temporary, arrays, dtype, header);
            if (plan.sharded()) {
                DurableFiles.write(temporary.resolve(WeightFiles.INDEX), plan.index());
            }
            DurableFiles.write(temporary.resolve(CONFIG), model.config().toJson().getBytes(StandardCharsets.UTF_8));
            DurableFiles.write(temporary.resolve(CHECKSUM),
                    (sha256 + "  " + String.join("+", plan.files()) + "\n").getBytes(StandardCharsets.UTF_8));
            if (companionsFrom != null) {
                CompanionFiles.copy(companionsFrom, temporary);
            }
            replace(target, temporary);
            return sha256;
        } catch (IOException | UncheckedIOException e) {
            DurableFiles.deleteTree(temporary);
            throw new CheckpointException(Problem.IO, target, "cannot write: " + e.getMessage(), e);
        }
    }

    private static TensorDtype storageDtype(ModelConfig config) {
        HfModelConfig hf = config.huggingFace();
        return hf == null || hf.storageDtype() == null ? TensorDtype.F32 : TensorDtype.of(hf.storageDtype()).orElseThrow();
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
     * Reads a checkpoint of either layout and verifies the weights' sha256.
     *
     * @param directory the checkpoint directory
     * @return the checkpoint, its tensors memory-mapped (the verified bytes, even if the directory is
     *     atomically replaced or deleted afterwards)
     * @throws CheckpointException when a file is missing or malformed, the checksum does not match, or a Hugging
     *     Face config asks for an architecture or maths that is not implemented ({@link Problem#UNSUPPORTED_MODEL})
     */
    public static Checkpoint read(Path directory) {
        ModelConfig config = readConfig(directory);
        String expected = config.isHuggingFace() && !Files.exists(directory.resolve(CHECKSUM)) ? null
                : readChecksum(directory);
        WeightFiles weights = WeightFiles.read(directory, expected);
        return new Checkpoint(directory, withStorageDtype(config, weights), weights);
    }

    /** A Hugging Face config that does not name its dtype gets the one all tensors share (else float32). */
    private static ModelConfig withStorageDtype(ModelConfig config, WeightFiles weights) {
        HfModelConfig hf = config.huggingFace();
        if (hf == null || hf.storageDtype() != null) {
            return config;
        }
        List<String> dtypes = weights.tensors().values().stream().map(MappedTensor::dtype).distinct().toList();
        String dtype = dtypes.size() == 1 && TensorDtype.of(dtypes.get(0)).isPresent() ? dtypes.get(0) : "F32";
        return config.withHuggingFace(hf.withStorageDtype(dtype));
    }

    private static ModelConfig readConfig(Path directory) {
        String json = new String(WeightFiles.readFile(directory, CONFIG, ""), StandardCharsets.UTF_8);
        try {
            return ModelConfig.fromJson(json);
        } catch (UnsupportedModelException e) {
            throw new CheckpointException(Problem.UNSUPPORTED_MODEL, directory, e.getMessage(), e);
        } catch (ModelConfigException e) {
            throw new CheckpointException(Problem.MALFORMED, directory, CONFIG + ": " + e.getMessage(), e);
        }
    }

    private static String readChecksum(Path directory) {
        String line = new String(WeightFiles.readFile(directory, CHECKSUM, ""), StandardCharsets.UTF_8).strip();
        String hex = line.split("\\s+", 2)[0].toLowerCase();
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new CheckpointException(Problem.MALFORMED, directory,
                    CHECKSUM + " does not start with a sha256 hex digest", null);
        }
        return hex;
    }

    /** @return the checkpoint directory */
    public Path directory() {
        return directory;
    }

    /** @return the model config stored with the weights */
    public ModelConfig config() {
        return config;
    }

    /**
     * @return the verified sha256 of the weights, lower-case hex: of {@value #WEIGHTS}, or of a sharded Hugging
     *     Face checkpoint's shard files concatenated in ascending file-name order
     */
    public String sha256() {
        return weights.sha256();
    }

    /** @return the string metadata stored in the (first) weights file's header */
    public Map<String, String> metadata() {
        return weights.metadata();
    }

    /**
     * Builds a float32 model from the checkpoint.
     *
     * @param device where the weights go
     * @return the model, with exactly the saved weights (widened to float32)
     * @throws CheckpointException when a tensor is missing, unexpected, or has the wrong dtype or shape
     */
    public PolicyModel load(Device device) {
        return load(device, DataType.FLOAT32);
    }

    /**
     * Builds a model from the checkpoint whose weights, and hence computation, have the given type. Only
     * {@code FLOAT32} runs today, on the GPU too: DJL 0.35's PyTorch engine aborts the whole process (native
     * {@code terminate}) when it creates or converts a {@code BFLOAT16} array, whatever the device, as its JNI
     * bridge has no mapping for the type, and {@code FLOAT16} weights would meet the float32 attention masks and
     * rotary tables of the forward pass; both are refused before anything is allocated (docs/gpu.md).
     *
     * @param device where the weights go
     * @param dataType the compute type: {@code FLOAT32}
     * @return the model
     * @throws IllegalArgumentException for another compute type
     * @throws CheckpointException when a tensor is missing, unexpected, or has the wrong dtype or shape
     */
    public PolicyModel load(Device device, DataType dataType) {
        if (dataType != DataType.FLOAT32) {
            throw new IllegalArgumentException("compute dtype " + dataType + " is not supported (float32 only: DJL "
                    + "0.35's PyTorch engine aborts on bfloat16 arrays and the forward pass is float32)");
        }
        PolicyModel model = PolicyModel.allocate(config, device, dataType);
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
        for (String name : weights.tensors().keySet()) {
            if (!parameters.containsKey(name) && !(config.isHuggingFace() && name.endsWith(ROTARY_BUFFER))) {
                throw new CheckpointException(Problem.UNEXPECTED_TENSOR, directory,
                        "tensor " + name + " is not a parameter of the model", null);
            }
        }
        parameters.forEach(this::check);
        try (NoGradient noGradient = NoGradient.scope()) {
            parameters.forEach((name, parameter) ->
                    ArrayChunks.fill(parameter.getArray(), weights.tensors().get(name), ArrayChunks.CHUNK_ELEMENTS));
        }
    }

    private void check(String name, Parameter parameter) {
        MappedTensor tensor = weights.tensors().get(name);
        if (tensor == null) {
            throw new CheckpointException(Problem.MISSING_TENSOR, directory, "no tensor " + name + " in "
                    + String.join(", ", weights.files()), null);
        }
        boolean readable = config.isHuggingFace() ? TensorDtype.of(tensor.dtype()).isPresent()
                : tensor.dtype().equals("F32");
        if (!readable) {
            throw new CheckpointException(Problem.UNSUPPORTED_DTYPE, directory, "tensor " + name + " has dtype "
                    + tensor.dtype() + ", expected " + (config.isHuggingFace() ? "F32, BF16 or F16" : "F32"), null);
        }
        long[] expected = parameter.getArray().getShape().getShape();
        if (!Arrays.equals(tensor.shape(), expected)) {
            throw new CheckpointException(Problem.SHAPE_MISMATCH, directory, "tensor " + name + " has shape "
                    + Arrays.toString(tensor.shape()) + " but the model expects " + Arrays.toString(expected), null);
        }
    }
}
