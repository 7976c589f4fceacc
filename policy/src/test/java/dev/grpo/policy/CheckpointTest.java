package dev.grpo.policy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.grpo.policy.CheckpointException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {

    @TempDir
    Path root;

    @Test
    void roundTripIsBitExact() {
        Path directory = root.resolve("ckpt");
        try (PolicyModel original = TestModels.create(TestModels.rotary(), 21)) {
            String sha256 = Checkpoint.write(original, directory, Map.of("step", "12"));

            Checkpoint checkpoint = Checkpoint.read(directory);
            try (PolicyModel loaded = checkpoint.load(Device.cpu())) {
                assertThat(loaded.config()).isEqualTo(original.config());
                for (Map.Entry<String, Parameter> entry : original.parameters().entrySet()) {
                    float[] expected = entry.getValue().getArray().toFloatArray();
                    float[] actual = loaded.parameters().get(entry.getKey()).getArray().toFloatArray();
                    assertThat(bits(actual)).as(entry.getKey()).containsExactly(bits(expected));
                }
                assertThat(Checkpoint.write(loaded, root.resolve("again"), Map.of("step", "12"))).isEqualTo(sha256);
            }
            assertThat(checkpoint.sha256()).isEqualTo(sha256);
            assertThat(checkpoint.metadata()).containsEntry("step", "12");
        }
    }

    @Test
    void theCommittedDemoModelLoadsAndWritesBackByteIdentical() throws IOException {
        Path committed = Path.of("..", "models", "arithmetic-base");
        Checkpoint checkpoint = Checkpoint.read(committed);
        Path again = root.resolve("again");

        try (PolicyModel model = checkpoint.load(Device.cpu())) {
            assertThat(model.config().isHuggingFace()).isFalse();
            Checkpoint.write(model, again, checkpoint.metadata());
        }

        for (String file : List.of(Checkpoint.WEIGHTS, Checkpoint.CONFIG, Checkpoint.CHECKSUM)) {
            assertThat(Files.readAllBytes(again.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(committed.resolve(file)));
        }
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    @Test
    void writesWeightsConfigAndASha256sumLine() throws IOException, NoSuchAlgorithmException {
        Path directory = root.resolve("ckpt");
        try (PolicyModel model = TestModels.create(TestModels.learned(), 1)) {
            Checkpoint.write(model, directory, Map.of());
        }

        byte[] weights = Files.readAllBytes(directory.resolve(Checkpoint.WEIGHTS));
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weights));
        assertThat(Files.readString(directory.resolve(Checkpoint.CHECKSUM)))
                .isEqualTo(digest + "  " + Checkpoint.WEIGHTS + "\n");
        assertThat(ModelConfig.fromJson(Files.readString(directory.resolve(Checkpoint.CONFIG))))
                .isEqualTo(TestModels.learned());
    }

    @Test
    void theOwnLayoutStaysOneWeightsFileWhateverItsSize() throws IOException {
        Path directory = root.resolve("ckpt");
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 1)) {
            Checkpoint.write(model, directory, Map.of(), null, 16);
        }

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder(Checkpoint.WEIGHTS, Checkpoint.CONFIG, Checkpoint.CHECKSUM);
        }
    }

    @Test
    void replacesAnExistingCheckpointAndLeavesNoTemporaryFiles() throws IOException {
        Path directory = root.resolve("ckpt");
        try (PolicyModel first = TestModels.create(TestModels.rotary(), 1);
             PolicyModel second = TestModels.create(TestModels.rotary(), 2)) {
            Checkpoint.write(first, directory, Map.of());
            String secondSha = Checkpoint.write(second, directory, Map.of());

            assertThat(Checkpoint.read(directory).sha256()).isEqualTo(secondSha);
        }
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries).extracting(p -> p.getFileName().toString()).containsExactly("ckpt");
        }
    }

    @Test
    void rejectsWeightsWhoseSha256DiffersFromTheRecordedOne() throws IOException {
        Path directory = written("ckpt");
        Path weights = directory.resolve(Checkpoint.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 1] ^= 1;
        Files.write(weights, bytes);

        assertThatThrownBy(() -> Checkpoint.read(directory))
                .isInstanceOfSatisfying(CheckpointException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.CHECKSUM_MISMATCH))
                .hasMessageContaining("sha256");
    }

    @Test
    void rejectsATruncatedWeightsFile() throws IOException {
        Path directory = written("ckpt");
        Path weights = directory.resolve(Checkpoint.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length / 2), StandardOpenOption.TRUNCATE_EXISTING);

        assertThatThrownBy(() -> Checkpoint.read(directory))
                .isInstanceOfSatisfying(CheckpointException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.CHECKSUM_MISMATCH));
    }

    @Test
    void rejectsTensorsWhoseShapesDoNotFitTheConfig() throws IOException {
        Path directory = written("ckpt");
        ModelConfig wider = new ModelConfig(TestModels.VOCABULARY, 64, 2, 64, 2, 64,
                TestModels.rotary().positions(), TestModels.rotary().normalization(),
                TestModels.rotary().feedForward(), 10_000, 1e-5);
        Files.writeString(directory.resolve(Checkpoint.CONFIG), wider.toJson());

        Checkpoint checkpoint = Checkpoint.read(directory);
        assertThatThrownBy(() -> checkpoint.load(Device.cpu()))
                .isInstanceOfSatisfying(CheckpointException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.SHAPE_MISMATCH))
                .hasMessageContaining("embed.weight").hasMessageContaining("[16, 32]")
                .hasMessageContaining("[16, 64]");
    }

    @Test
    void rejectsAConfigWithMoreLayersThanTheWeights() throws IOException {
        Path directory = written("ckpt");
        ModelConfig deeper = new ModelConfig(TestModels.VOCABULARY, 64, 3, 32, 2, 64,
                TestModels.rotary().positions(), TestModels.rotary().normalization(),
                TestModels.rotary().feedForward(), 10_000, 1e-5);
        Files.writeString(directory.resolve(Checkpoint.CONFIG), deeper.toJson());

        assertThatThrownBy(() -> Checkpoint.read(directory).load(Device.cpu()))
                .isInstanceOfSatisfying(CheckpointException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.MISSING_TENSOR))
                .hasMessageContaining("layers.2");
    }

    @Test
    void refusesToCopyIntoAModelOfAnotherConfigAndLeavesItUntouched() {
        Path directory = written("ckpt");
        try (PolicyModel other = TestModels.create(TestModels.learned(), 3)) {
            float[] before = other.parameters().get("embed.weight").getArray().toFloatArray();

            assertThatThrownBy(() -> Checkpoint.read(directory).copyInto(other))
                    .isInstanceOfSatisfying(CheckpointException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.CONFIG_MISMATCH));
            assertThat(other.parameters().get("embed.weight").getArray().toFloatArray()).containsExactly(before);
        }
    }

    @Test
    void copiesIntoAModelOfTheSameConfigInPlace() {
        Path directory = written("ckpt");
        try (PolicyModel target = TestModels.create(TestModels.rotary(), 99);
             PolicyModel source = Checkpoint.read(directory).load(Device.cpu())) {
            Checkpoint.read(directory).copyInto(target);

            assertThat(target.parameters().get("head.weight").getArray().toFloatArray())
                    .containsExactly(source.parameters().get("head.weight").getArray().toFloatArray());
        }
    }

    @Test
    void aLoadedModelKeepsLearning() {
        Path directory = written("ckpt");
        try (PolicyModel loaded = Checkpoint.read(directory).load(Device.cpu());
             NDManager step = loaded.manager().newSubManager()) {
            try (GradientCollector collector = Engine.getEngine(ComputeDevice.ENGINE).newGradientCollector()) {
                CompletionLogProbs logProbs = new CompletionScorer(loaded, TestModels.PAD).logProbs(step,
                        List.of(new ScoringRequest(TestModels.prompt(4, 1), TestModels.prompt(5, 2))), 1f);
                collector.backward(logProbs.logProbs().sum().neg());
            }
            for (Map.Entry<String, Parameter> entry : loaded.parameters().entrySet()) {
                try (NDArray gradient = entry.getValue().getArray().getGradient()) {
                    assertThat(gradient.abs().sum().getFloat()).as(entry.getKey()).isPositive();
                }
            }
        }
    }

    @Test
    void rejectsMissingFilesAndAMalformedChecksumOrConfig() throws IOException {
        assertThatThrownBy(() -> Checkpoint.read(root.resolve("nowhere")))
                .isInstanceOfSatisfying(CheckpointException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.MISSING_FILE));

        Path noChecksum = written("a");
        Files.delete(noChecksum.resolve(Checkpoint.CHECKSUM));
        assertThatThrownBy(() -> Checkpoint.read(noChecksum))
                .isInstanceOfSatisfying(CheckpointException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.MISSING_FILE))
                .hasMessageContaining(Checkpoint.CHECKSUM);

        Path badChecksum = written("b");
        Files.writeString(badChecksum.resolve(Checkpoint.CHECKSUM), "not-a-digest  model.safetensors\n");
        assertThatThrownBy(() -> Checkpoint.read(badChecksum))
                .isInstanceOfSatisfying(CheckpointException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED));

        Path badConfig = written("c");
        Files.writeString(badConfig.resolve(Checkpoint.CONFIG), "{\"layers\": -1}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Checkpoint.read(badConfig))
                .isInstanceOfSatisfying(CheckpointException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
                .hasMessageContaining(Checkpoint.CONFIG);
    }

    private Path written(String name) {
        Path directory = root.resolve(name);
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 21)) {
            Checkpoint.write(model, directory, Map.of());
        }
        return directory;
    }
}
