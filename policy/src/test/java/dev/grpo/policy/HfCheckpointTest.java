package dev.grpo.policy;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grpo.policy.CheckpointException.Problem;
import dev.grpo.policy.TinyHfModels.Family;
import dev.grpo.policy.internal.checkpoint.SafeTensor;
import dev.grpo.policy.internal.checkpoint.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading and writing checkpoints in the Hugging Face layout. */
class HfCheckpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private Path model(Family family, TensorDtype dtype, int shards) {
        return TinyHfModels.write(root.resolve("source"), TinyHfModels.config(family, 64), dtype, shards, 3);
    }

    @ParameterizedTest
    @CsvSource({"LLAMA, F32, 1", "QWEN2, BF16, 2", "QWEN3, F16, 3", "MISTRAL, BF16, 1"})
    void writesBackTheSameTensorsConfigKeysAndDtype(Family family, TensorDtype dtype, int shards) throws IOException {
        Path source = model(family, dtype, shards);
        Checkpoint original = Checkpoint.read(source);
        Path written = root.resolve("written");

        String sha256;
        try (PolicyModel model = original.load(Device.cpu())) {
            sha256 = Checkpoint.write(model, written, Map.of("step", "3"));
        }

        Checkpoint again = Checkpoint.read(written);
        assertThat(again.sha256()).isEqualTo(sha256).isEqualTo(sha256(written.resolve(Checkpoint.WEIGHTS)));
        assertThat(Files.readString(written.resolve(Checkpoint.CHECKSUM)))
                .isEqualTo(sha256 + "  " + Checkpoint.WEIGHTS + "\n");
        assertThat(Files.readString(written.resolve(Checkpoint.CONFIG)))
                .isEqualTo(Files.readString(source.resolve(Checkpoint.CONFIG)));
        assertThat(again.config()).isEqualTo(original.config());
        assertThat(again.metadata()).containsEntry("step", "3").containsEntry("format", "pt");
        assertSameTensors(source, written, dtype);
    }

    private static void assertSameTensors(Path source, Path written, TensorDtype dtype) throws IOException {
        Map<String, SafeTensor> before = tensors(source);
        Map<String, SafeTensor> after = tensors(written);
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
        before.forEach((name, tensor) -> {
            assertThat(after.get(name).dtype()).as(name).isEqualTo(dtype.name());
            assertThat(after.get(name).shape()).as(name).containsExactly(tensor.shape());
            assertThat(after.get(name).data()).as(name).containsExactly(tensor.data());
        });
    }

    @Test
    void shardsAWriteBeyondTheShardLimitAndReadsBackTheDigestItRecorded() throws Exception {
        Path source = model(Family.QWEN3, TensorDtype.BF16, 1);
        Path written = root.resolve("written");
        String sha256;
        try (PolicyModel model = Checkpoint.read(source).load(Device.cpu())) {
            sha256 = Checkpoint.write(model, written, Map.of("step", "4"), null, 20_000);
        }

        List<String> shards;
        try (Stream<Path> files = Files.list(written)) {
            shards = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".safetensors")).sorted().toList();
        }
        assertThat(shards).hasSizeGreaterThan(2).allMatch(n -> n.matches("model-\\d{5}-of-"
                + String.format("%05d", shards.size()) + "\\.safetensors"));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (String shard : shards) {
            digest.update(Files.readAllBytes(written.resolve(shard)));
        }
        assertThat(sha256).isEqualTo(HexFormat.of().formatHex(digest.digest()));
        assertThat(Files.readString(written.resolve(Checkpoint.CHECKSUM)))
                .isEqualTo(sha256 + "  " + String.join("+", shards) + "\n");
        Checkpoint again = Checkpoint.read(written);
        assertThat(again.sha256()).isEqualTo(sha256);
        assertThat(again.metadata()).containsEntry("step", "4").containsEntry("format", "pt");
        assertSameTensors(source, written, TensorDtype.BF16);

        JsonNode index = JSON.readTree(written.resolve(WeightFiles.INDEX).toFile());
        long total = 0;
        for (String shard : shards) {
            Map<String, SafeTensor> inShard = Safetensors.read(Files.readAllBytes(written.resolve(shard))).tensors();
            long bytes = inShard.values().stream().mapToLong(t -> t.data().length).sum();
            assertThat(bytes <= 20_000 || inShard.size() == 1).as(shard + " holds " + bytes + " bytes").isTrue();
            inShard.keySet().forEach(name -> assertThat(index.at("/weight_map/" + name).asText()).isEqualTo(shard));
            total += bytes;
        }
        assertThat(index.get("weight_map").size()).isEqualTo(tensors(source).size());
        assertThat(index.at("/metadata/total_size").asLong()).isEqualTo(total);
    }

    /** Every tensor of every weights file in a directory, read independently of {@link WeightFiles}. */
    private static Map<String, SafeTensor> tensors(Path directory) throws IOException {
        Map<String, SafeTensor> tensors = new HashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".safetensors")).toList()) {
                tensors.putAll(Safetensors.read(Files.readAllBytes(file)).tensors());
            }
        }
        return tensors;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void copiesTokenizerAndGenerationFilesButNoWeightsFromTheSourceDirectory() throws IOException {
        Path source = model(Family.QWEN3, TensorDtype.BF16, 2);
        for (String name : List.of("tokenizer.json", "tokenizer_config.json", "generation_config.json",
                "special_tokens_map.json", "vocab.json", "merges.txt", "pytorch_model.bin")) {
            Files.writeString(source.resolve(name), name);
        }
        Path written = root.resolve("written");
        try (PolicyModel model = Checkpoint.read(source).load(Device.cpu())) {
            Checkpoint.write(model, written, Map.of(), source);
        }

        try (Stream<Path> files = Files.list(written)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("config.json",
                    "model.safetensors", "model.safetensors.sha256", "tokenizer.json", "tokenizer_config.json",
                    "generation_config.json", "special_tokens_map.json", "vocab.json", "merges.txt");
        }
        assertThat(Files.readString(written.resolve("tokenizer.json"))).isEqualTo("tokenizer.json");
    }

    @Test
    void theSha256OfShardsIsThatOfTheirBytesInFileNameOrderAndARecordedOneIsVerified() throws Exception {
        Path source = model(Family.LLAMA, TensorDtype.F32, 3);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int shard = 1; shard <= 3; shard++) {
            digest.update(Files.readAllBytes(source.resolve("model-0000" + shard + "-of-00003.safetensors")));
        }
        String expected = HexFormat.of().formatHex(digest.digest());

        assertThat(Checkpoint.read(source).sha256()).isEqualTo(expected);

        Files.writeString(source.resolve(Checkpoint.CHECKSUM), "0".repeat(64) + "  model.safetensors\n");
        assertThatThrownBy(() -> Checkpoint.read(source))
                .isInstanceOfSatisfying(CheckpointException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.CHECKSUM_MISMATCH))
                .hasMessageContaining(expected);
    }

    @Test
    void computesInFloat32AndRefusesOtherComputeTypesBeforeAllocatingAnything() {
        Checkpoint checkpoint = Checkpoint.read(model(Family.QWEN2, TensorDtype.BF16, 1));
        try (PolicyModel model = checkpoint.load(Device.cpu(), DataType.FLOAT32)) {
            assertThat(model.parameters().get("model.embed_tokens.weight").getArray().getDataType())
                    .isEqualTo(DataType.FLOAT32);
        }
        assertThatThrownBy(() -> checkpoint.load(Device.cpu(), DataType.BFLOAT16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("compute dtype bfloat16");
    }

    @Test
    void refusesAnUnsupportedArchitectureInOneLine() throws IOException {
        Path source = model(Family.LLAMA, TensorDtype.F32, 1);
        editConfig(source, config -> config.putArray("architectures").add("GPT2LMHeadModel"));

        assertRefused(source, Problem.UNSUPPORTED_MODEL, "config.json key architectures = [\"GPT2LMHeadModel\"]");
    }

    @Test
    void refusesSlidingWindowAttentionAndYarnRopeScaling() throws IOException {
        Path sliding = model(Family.QWEN2, TensorDtype.F32, 1);
        editConfig(sliding, config -> config.put("use_sliding_window", true));
        assertRefused(sliding, Problem.UNSUPPORTED_MODEL, "use_sliding_window = true");

        Path mistral = TinyHfModels.write(root.resolve("mistral"), TinyHfModels.config(Family.MISTRAL, 64),
                TensorDtype.F32, 1, 1);
        editConfig(mistral, config -> config.put("sliding_window", 128));
        assertRefused(mistral, Problem.UNSUPPORTED_MODEL, "sliding_window = 128");

        Path yarn = TinyHfModels.write(root.resolve("yarn"), TinyHfModels.config(Family.QWEN3, 64),
                TensorDtype.F32, 1, 1);
        editConfig(yarn, config -> config.putObject("rope_scaling").put("rope_type", "yarn").put("factor", 4.0));
        assertRefused(yarn, Problem.UNSUPPORTED_MODEL, "rope_scaling.rope_type = \"yarn\"");
    }

    @Test
    void refusesAMissingShard() throws IOException {
        Path source = model(Family.QWEN3, TensorDtype.BF16, 3);
        Files.delete(source.resolve("model-00002-of-00003.safetensors"));

        assertRefused(source, Problem.MISSING_FILE,
                "model-00002-of-00003.safetensors (a shard named in model.safetensors.index.json) does not exist");
    }

    @Test
    void refusesATensorOfTheWrongShapeBeforeUsingAnyWeight() throws IOException {
        Path source = model(Family.LLAMA, TensorDtype.F32, 1);
        editConfig(source, config -> config.put("intermediate_size", 40));

        assertRefused(source, Problem.SHAPE_MISMATCH,
                "tensor model.layers.0.mlp.gate_proj.weight has shape [48, 32] but the model expects [40, 32]");
    }

    @Test
    void refusesATensorOfAnIntegerDtype() throws IOException {
        Path source = model(Family.MISTRAL, TensorDtype.F32, 1);
        replaceTensor(source, "model.norm.weight", new SafeTensor("model.norm.weight", "I64", new long[] {32},
                new byte[32 * 8]));

        assertRefused(source, Problem.UNSUPPORTED_DTYPE,
                "tensor model.norm.weight has dtype I64, expected F32, BF16 or F16");
    }

    @Test
    void refusesMissingAndUnexpectedTensors() throws IOException {
        Path missing = model(Family.QWEN2, TensorDtype.F32, 1);
        editConfig(missing, config -> config.put("tie_word_embeddings", false));
        assertRefused(missing, Problem.MISSING_TENSOR, "no tensor lm_head.weight in model.safetensors");

        Path unexpected = TinyHfModels.write(root.resolve("untied"), TinyHfModels.config(Family.LLAMA, 64),
                TensorDtype.F32, 1, 1);
        editConfig(unexpected, config -> config.put("tie_word_embeddings", true));
        assertRefused(unexpected, Problem.UNEXPECTED_TENSOR, "tensor lm_head.weight is not a parameter of the model");
    }

    private static void assertRefused(Path directory, Problem problem, String detail) {
        assertThatThrownBy(() -> {
            try (PolicyModel model = Checkpoint.read(directory).load(Device.cpu())) {
                model.parameterCount();
            }
        }).isInstanceOfSatisfying(CheckpointException.class, e -> {
            assertThat(e.problem()).isEqualTo(problem);
            assertThat(e.getMessage()).doesNotContain("\n").contains(detail);
        });
    }

    private static void editConfig(Path directory, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        Path file = directory.resolve(Checkpoint.CONFIG);
        ObjectNode config = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(config);
        Files.writeString(file, JSON.writeValueAsString(config));
    }

    private static void replaceTensor(Path directory, String name, SafeTensor replacement) throws IOException {
        Path file = directory.resolve(Checkpoint.WEIGHTS);
        List<SafeTensor> tensors = new ArrayList<>(Safetensors.read(Files.readAllBytes(file)).tensors().values());
        tensors.replaceAll(t -> t.name().equals(name) ? replacement : t);
        try (OutputStream out = Files.newOutputStream(file)) {
            Safetensors.write(out, tensors, Map.of());
        }
    }

}
