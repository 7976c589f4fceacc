package dev.grpo.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.policy.CheckpointException.Problem;
import dev.grpo.policy.internal.checkpoint.Safetensors;
import dev.grpo.policy.internal.checkpoint.SafetensorsFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The weights of a checkpoint directory as one set of tensors: {@value Checkpoint#WEIGHTS}, or the shards a
 * Hugging Face {@value #INDEX} names in its {@code weight_map}. Their sha256 is that of the file, or for shards the
 * sha256 of the shard files' bytes concatenated in ascending file-name order ({@code model-00001-of-0000n} first).
 * Files of any size are read: the digest streams each file, and tensors are memory-mapped, never copied whole onto
 * the heap.
 *
 * @param tensors every tensor by name
 * @param metadata the {@code __metadata__} of the first file
 * @param sha256 the digest defined above, lower-case hex
 * @param files the files read, in digest order
 */
record WeightFiles(Map<String, MappedTensor> tensors, Map<String, String> metadata, String sha256, List<String> files) {

    /** The index of a sharded Hugging Face checkpoint. */
    static final String INDEX = "model.safetensors.index.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DIGEST_BUFFER_BYTES = 1 << 20;

    /**
     * Checks the weight files' digest against the expected one before parsing anything, then parses every header
     * and maps every tensor.
     *
     * @param directory the checkpoint directory
     * @param expectedSha256 the digest the files must have, or null when none is recorded
     * @return its weights, verified and mapped
     * @throws CheckpointException when a file is missing or malformed, the digest differs, or the index names a
     *     tensor its shard lacks
     */
    static WeightFiles read(Path directory, String expectedSha256) {
        return read(directory, expectedSha256, MappedTensor.REGION_BYTES);
    }

    /** As {@link #read(Path, String)}, mapping tensors in regions of at most {@code regionBytes}. */
    static WeightFiles read(Path directory, String expectedSha256, int regionBytes) {
        Map<String, String> weightMap = Files.exists(directory.resolve(INDEX)) ? weightMap(directory) : Map.of();
        List<String> files = weightMap.isEmpty() ? List.of(Checkpoint.WEIGHTS)
                : weightMap.values().stream().distinct().sorted().toList();
        String role = weightMap.isEmpty() ? "" : " (a shard named in " + INDEX + ")";
        MessageDigest digest = newDigest();
        for (String file : files) {
            withChannel(directory, file, role, channel -> digest(channel, digest));
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        if (expectedSha256 != null && !sha256.equals(expectedSha256)) {
            throw new CheckpointException(Problem.CHECKSUM_MISMATCH, directory, String.join("+", files)
                    + " has sha256 " + sha256 + " but " + Checkpoint.CHECKSUM + " records " + expectedSha256, null);
        }
        Map<String, MappedTensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = null;
        for (String file : files) {
            Safetensors.Header header = withChannel(directory, file, role, channel -> {
                Safetensors.Header parsed = header(directory, file, channel);
                for (Safetensors.TensorInfo info : parsed.tensors().values()) {
                    if (tensors.put(info.name(), MappedTensor.map(channel, info, regionBytes)) != null) {
                        throw new CheckpointException(Problem.MALFORMED, directory,
                                "tensor " + info.name() + " appears in more than one shard", null);
                    }
                }
                return parsed;
            });
            metadata = metadata == null ? header.metadata() : metadata;
        }
        weightMap.forEach((tensor, file) -> {
            if (!tensors.containsKey(tensor)) {
                throw new CheckpointException(Problem.MISSING_TENSOR, directory,
                        INDEX + " maps tensor " + tensor + " to " + file + ", which lacks it", null);
            }
        });
        return new WeightFiles(tensors, metadata, sha256, files);
    }

    private static Object digest(FileChannel channel, MessageDigest digest) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(DIGEST_BUFFER_BYTES);
        while (channel.read(buffer) >= 0) {
            digest.update(buffer.flip());
            buffer.clear();
        }
        return null;
    }

    private static Safetensors.Header header(Path directory, String file, FileChannel channel) throws IOException {
        try {
            return Safetensors.readHeader(channel);
        } catch (SafetensorsFormatException e) {
            throw new CheckpointException(Problem.MALFORMED, directory, file + ": " + e.getMessage(), e);
        }
    }

    /** Something done with an open file that may fail with an {@link IOException}. */
    @FunctionalInterface
    private interface ChannelUse<T> {
        T apply(FileChannel channel) throws IOException;
    }

    private static <T> T withChannel(Path directory, String name, String role, ChannelUse<T> use) {
        try (FileChannel channel = FileChannel.open(directory.resolve(name), StandardOpenOption.READ)) {
            return use.apply(channel);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(Problem.MISSING_FILE, directory, name + role + " does not exist", e);
        } catch (IOException e) {
            throw new CheckpointException(Problem.IO, directory, "cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> weightMap(Path directory) {
        String text = new String(readFile(directory, INDEX, ""), StandardCharsets.UTF_8);
        try {
            JsonNode map = JSON.readTree(text).path("weight_map");
            if (!map.isObject() || map.isEmpty()) {
                throw new CheckpointException(Problem.MALFORMED, directory, INDEX + " has no weight_map", null);
            }
            Map<String, String> weightMap = new TreeMap<>();
            map.fields().forEachRemaining(e -> weightMap.put(e.getKey(), e.getValue().asText()));
            return weightMap;
        } catch (JsonProcessingException e) {
            throw new CheckpointException(Problem.MALFORMED, directory,
                    INDEX + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param directory the checkpoint directory
     * @param name a file in it
     * @param role what the file is, appended to the message when it is missing
     * @return its bytes
     */
    static byte[] readFile(Path directory, String name, String role) {
        try {
            return Files.readAllBytes(directory.resolve(name));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(Problem.MISSING_FILE, directory, name + role + " does not exist", e);
        } catch (IOException e) {
            throw new CheckpointException(Problem.IO, directory, "cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** @return a fresh SHA-256 digest */
    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
