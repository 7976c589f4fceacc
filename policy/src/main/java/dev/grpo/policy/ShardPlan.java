package dev.grpo.policy;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grpo.policy.internal.checkpoint.Safetensors.TensorInfo;
import dev.grpo.policy.internal.checkpoint.Safetensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which weights file each tensor of a checkpoint being written goes to: all in {@value Checkpoint#WEIGHTS}, or, as
 * transformers' {@code save_pretrained} splits them, in {@code model-0000k-of-0000n.safetensors} shards of at most
 * a given number of tensor bytes (taken in order; a new shard starts when the next tensor would overflow the current
 * one, and a tensor larger than the limit gets a shard of its own) listed by {@value WeightFiles#INDEX}.
 *
 * @param shards the files in name order, each with its tensors in write order
 */
record ShardPlan(List<Shard> shards) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One weights file.
     *
     * @param file its name
     * @param tensors its tensors' names, dtypes, shapes and byte sizes, in write order
     */
    record Shard(String file, List<TensorInfo> tensors) {
    }

    /**
     * @param tensors every tensor, in write order
     * @return one {@value Checkpoint#WEIGHTS} holding them all
     */
    static ShardPlan single(List<TensorInfo> tensors) {
        return new ShardPlan(List.of(new Shard(Checkpoint.WEIGHTS, List.copyOf(tensors))));
    }

    /**
     * @param tensors every tensor, in write order
     * @param maxShardBytes the most tensor bytes per shard
     * @return one {@value Checkpoint#WEIGHTS} when everything fits one shard, else numbered shards
     */
    static ShardPlan of(List<TensorInfo> tensors, long maxShardBytes) {
        List<List<TensorInfo>> groups = new ArrayList<>();
        long filled = 0;
        for (TensorInfo tensor : tensors) {
            if (groups.isEmpty() || filled > 0 && filled + tensor.byteSize() > maxShardBytes) {
                groups.add(new ArrayList<>());
                filled = 0;
            }
            groups.get(groups.size() - 1).add(tensor);
            filled += tensor.byteSize();
        }
        if (groups.size() <= 1) {
            return single(tensors);
        }
        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            String file = String.format("model-%05d-of-%05d.safetensors", i + 1, groups.size());
            shards.add(new Shard(file, List.copyOf(groups.get(i))));
        }
        return new ShardPlan(List.copyOf(shards));
    }

    /** @return whether there are several shards (and hence an index) */
    boolean sharded() {
        return shards.size() > 1;
    }

    /** @return the file names, in name (and digest) order */
    List<String> files() {
        return shards.stream().map(Shard::file).toList();
    }

    /**
     * @return {@value WeightFiles#INDEX} as transformers writes it: {@code metadata.total_size} (the tensor bytes)
     *     and {@code weight_map} from each tensor name, sorted, to its file
     */
    byte[] index() {
        ObjectNode index = JSON.createObjectNode();
        Map<String, String> weightMap = new TreeMap<>();
        long total = 0;
        for (Shard shard : shards) {
            for (TensorInfo tensor : shard.tensors()) {
                weightMap.put(tensor.name(), shard.file());
                total += tensor.byteSize();
            }
        }
        index.putObject("metadata").put("total_size", total);
        weightMap.forEach(index.putObject("weight_map")::put);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams the arrays into new files of the plan, header first, a chunk at a time, hashing bytes as they go out;
     * each file is forced to disk. The digest covers the files' bytes concatenated in name order, as
     * {@link WeightFiles} computes it when reading.
     *
     * @param directory where the files go (they must not exist)
     * @param arrays every tensor's values by name
     * @param dtype the stored dtype of every tensor (float32 values are rounded to nearest even)
     * @param metadata each header's {@code __metadata__}
     * @return the sha256, lower-case hex
     * @throws IOException when writing fails
     */
    String write(Path directory, Map<String, NDArray> arrays, TensorDtype dtype, Map<String, String> metadata)
            throws IOException {
        MessageDigest digest = WeightFiles.newDigest();
        ByteBuffer encoded = ByteBuffer.allocate(ArrayChunks.CHUNK_ELEMENTS * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (Shard shard : shards) {
            try (FileChannel channel = FileChannel.open(directory.resolve(shard.file()),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                emit(channel, digest, ByteBuffer.wrap(Safetensors.header(shard.tensors(), metadata)));
                for (TensorInfo tensor : shard.tensors()) {
                    ArrayChunks.read(arrays.get(tensor.name()), ArrayChunks.CHUNK_ELEMENTS, (first, values) -> {
                        dtype.encode(values, encoded.clear());
                        emit(channel, digest, encoded.flip());
                    });
                }
                channel.force(true);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void emit(FileChannel channel, MessageDigest digest, ByteBuffer bytes) {
        digest.update(bytes.duplicate());
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
