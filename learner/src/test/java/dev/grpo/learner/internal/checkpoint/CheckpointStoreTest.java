package dev.grpo.learner.internal.checkpoint;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import dev.grpo.learner.internal.batch.RejectedMember;
import dev.grpo.learner.train.GradientSteps;
import dev.grpo.policy.CheckpointException;
import dev.grpo.policy.ModelConfig;
import dev.grpo.policy.ModelPreset;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.AdamW;
import dev.grpo.policy.OptimizerConfig;
import dev.grpo.policy.OptimizerState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checkpoints round-trip everything a resumed learner needs; a broken newest one falls back to the one before. */
class CheckpointStoreTest {

    private static LearnerState state(long version, long parent, List<String> groups) {
        return new LearnerState("run", version, parent, 0L, 42 + version,
                List.of(new PartitionOffset("adv", 0, 10 * version, List.of(10 * version + 2))), groups,
                "2026-01-01T00:00:00Z", List.of(new RejectedMember("open", 4, 1)),
                List.of(new OutputPosition("dlq", 0, 3 * version)));
    }

    /** A two-layer Qwen2-layout Hugging Face model stored in bfloat16, trained in float32. */
    private static final String BF16_CONFIG = """
            {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "vocab_size": 16, "hidden_size": 32,
             "intermediate_size": 48, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
             "hidden_act": "silu", "max_position_embeddings": 64, "rms_norm_eps": 1e-6, "rope_theta": 10000.0,
             "tie_word_embeddings": true, "use_sliding_window": false, "torch_dtype": "bfloat16",
             "bos_token_id": 1, "eos_token_id": 2}
            """;
    /** Small updates, most of which a bfloat16 weight cannot hold. */
    private static final OptimizerConfig BF16_SETTINGS = OptimizerConfig.constant(1e-4f);

    private static PolicyModel bf16Model(long seed) {
        return PolicyModel.create(ModelConfig.fromJson(BF16_CONFIG), seed, Device.cpu());
    }

    private static AdamW trained(PolicyModel model, int steps) {
        AdamW adamW = new AdamW(model, BF16_SETTINGS);
        for (int i = 0; i < steps; i++) {
            GradientSteps.step(model, adamW);
        }
        return adamW;
    }

    private static PolicyModel model(long seed) {
        return PolicyModel.create(ModelPreset.TINY.config(16), seed, Device.cpu());
    }

    @Test
    void aCheckpointRestoresWeightsReferenceOptimiserAndState(@TempDir Path dir) {
        CheckpointStore store = new CheckpointStore(dir, 0);
        try (PolicyModel policy = model(1); PolicyModel reference = model(2); PolicyModel restored = model(3);
             PolicyModel restoredReference = model(4)) {
            AdamW adamW = new AdamW(policy, OptimizerConfig.constant(1e-3f));
            OptimizerState saved = new OptimizerState(7, halves(policy, adamW), halves(policy, adamW));
            adamW.restore(saved);
            String sha256 = store.write(state(7, -1, List.of("a", "b")), policy, reference, adamW.state());

            StoredCheckpoint latest = store.latest().orElseThrow();
            AdamW restoredAdamW = new AdamW(restored, OptimizerConfig.constant(1e-3f));
            latest.restore(restored, restoredReference, restoredAdamW);

            assertThat(latest.state()).isEqualTo(state(7, -1, List.of("a", "b")));
            assertThat(latest.policySha256()).isEqualTo(sha256);
            assertThat(latest.directory()).isEqualTo(store.directoryOf(7));
            assertSameWeights(policy, restored);
            assertSameWeights(reference, restoredReference);
            assertThat(restoredAdamW.steps()).isEqualTo(7);
            assertThat(restoredAdamW.state().firstMoments()).containsOnlyKeys(policy.parameters().keySet());
        }
    }

    @Test
    void aBf16HuggingFaceCheckpointResumesWithTheExactFloat32WeightsAndMoments(@TempDir Path dir) {
        CheckpointStore store = new CheckpointStore(dir, 0);
        try (PolicyModel policy = bf16Model(1); PolicyModel reference = bf16Model(2);
             PolicyModel restored = bf16Model(3); PolicyModel restoredReference = bf16Model(4)) {
            AdamW adamW = trained(policy, 3);
            store.write(state(3, -1, List.of()), policy, reference, adamW.state());

            AdamW restoredAdamW = new AdamW(restored, BF16_SETTINGS);
            store.latest().orElseThrow().restore(restored, restoredReference, restoredAdamW);

            assertSameWeights(policy, restored);
            assertSameWeights(reference, restoredReference);
            assertThat(restoredAdamW.steps()).isEqualTo(3);
            OptimizerStateFileTest.assertSameMoments(adamW.state(), restoredAdamW.state());
        }
    }

    @Test
    void aBf16CheckpointWithoutMasterWeightsRestoresTheRoundedWeightsItsModelHolds(@TempDir Path dir)
            throws Exception {
        CheckpointStore store = new CheckpointStore(dir, 0);
        try (PolicyModel policy = bf16Model(1); PolicyModel restored = bf16Model(3)) {
            store.write(state(3, -1, List.of()), policy, null, trained(policy, 3).state());
            Files.delete(store.directoryOf(3).resolve(CheckpointStore.MASTER));
            StoredCheckpoint older = store.latest().orElseThrow();

            older.restore(restored, null, new AdamW(restored, BF16_SETTINGS));

            try (PolicyModel rounded = older.policy().load(Device.cpu())) {
                assertSameWeights(rounded, restored);
            }
            String embedding = policy.parameters().keySet().iterator().next();
            assertThat(restored.parameters().get(embedding).getArray().toFloatArray())
                    .isNotEqualTo(policy.parameters().get(embedding).getArray().toFloatArray());
        }
    }

    @Test
    void aCheckpointWhoseMomentsDoNotFitIsRefusedAndChangesNeitherModelNorOptimiser(@TempDir Path dir)
            throws Exception {
        CheckpointStore store = new CheckpointStore(dir, 0);
        try (PolicyModel policy = bf16Model(1); PolicyModel restored = bf16Model(3)) {
            AdamW adamW = trained(policy, 2);
            store.write(state(2, -1, List.of()), policy, null, adamW.state());
            List<String> moments = List.copyOf(OptimizerStateFileTest.copies(adamW.state()).keySet());
            Path optimizer = store.directoryOf(2).resolve(CheckpointStore.OPTIMIZER);
            Files.write(optimizer, OptimizerStateFileTest.legacyEncoding(adamW.state(), moments.get(moments.size() - 1)));
            AdamW restoredAdamW = trained(restored, 1);
            Map<String, float[]> momentsBefore = OptimizerStateFileTest.copies(restoredAdamW.state());
            Map<String, float[]> weightsBefore = new LinkedHashMap<>();
            restored.parameters().forEach((name, p) -> weightsBefore.put(name, p.getArray().toFloatArray()));

            StoredCheckpoint latest = store.latest().orElseThrow();
            assertThatThrownBy(() -> latest.restore(restored, null, restoredAdamW))
                    .isInstanceOf(CheckpointException.class).hasMessageContaining(moments.get(moments.size() - 1));

            assertThat(restoredAdamW.steps()).isEqualTo(1);
            assertThat(OptimizerStateFileTest.copies(restoredAdamW.state())).usingRecursiveComparison()
                    .isEqualTo(momentsBefore);
            restored.parameters().forEach((name, p) -> assertThat(p.getArray().toFloatArray()).as(name)
                    .containsExactly(weightsBefore.get(name)));
        }
    }

    @Test
    void masterWeightsOfAnotherCheckpointAreRefused(@TempDir Path dir) throws Exception {
        CheckpointStore store = new CheckpointStore(dir, 0);
        try (PolicyModel policy = bf16Model(1)) {
            AdamW adamW = trained(policy, 1);
            store.write(state(1, -1, List.of()), policy, null, adamW.state());
            GradientSteps.step(policy, adamW);
            store.write(state(2, 1, List.of()), policy, null, adamW.state());
            Files.copy(store.directoryOf(1).resolve(CheckpointStore.MASTER),
                    store.directoryOf(2).resolve(CheckpointStore.MASTER), StandardCopyOption.REPLACE_EXISTING);

            assertThatThrownBy(() -> store.read(store.directoryOf(2))).isInstanceOf(CheckpointException.class)
                    .hasMessageContaining(CheckpointStore.MASTER).hasMessageContaining("sha256");
            assertThat(store.latest().orElseThrow().state().version()).isEqualTo(1);
        }
    }

    @Test
    void everyCheckpointCarriesTheStartingModelsTokenizerFilesAlsoAfterAResumeWithoutIt(@TempDir Path dir)
            throws Exception {
        Path start = Files.createDirectories(dir.resolve("start"));
        Files.writeString(start.resolve("tokenizer.json"), "{\"model\": {}}");
        Files.writeString(start.resolve("generation_config.json"), "{\"eos_token_id\": [1, 2]}");
        Path root = dir.resolve("checkpoints");
        try (PolicyModel policy = model(1)) {
            AdamW adamW = new AdamW(policy, OptimizerConfig.constant(1e-3f));
            new CheckpointStore(root, 0, start).write(state(1, -1, List.of()), policy, null, adamW.state());
            new CheckpointStore(root, 0, null).write(state(2, 1, List.of()), policy, null, adamW.state());
        }

        for (long version : new long[] {1, 2}) {
            Path model = new CheckpointStore(root, 0).directoryOf(version).resolve(CheckpointStore.MODEL);
            assertThat(model.resolve("tokenizer.json")).hasContent("{\"model\": {}}");
            assertThat(model.resolve("generation_config.json")).exists();
        }
    }

    @Test
    void aStateWrittenBeforeRejectionsAndOutputEndsWereKeptReadsWithBothEmpty(@TempDir Path dir) throws Exception {
        CheckpointStore store = new CheckpointStore(dir, 0);
        try (PolicyModel policy = model(1)) {
            store.write(state(2, -1, List.of("a")), policy, null,
                    new AdamW(policy, OptimizerConfig.constant(1e-3f)).state());
        }
        Path file = store.directoryOf(2).resolve(CheckpointStore.STATE);
        String json = Files.readString(file);
        String older = json.replaceAll("(?s),\\s*\"rejectedMembers\".*?\\]", "")
                .replaceAll("(?s),\\s*\"outputEnds\".*?\\]", "");
        assertThat(older).doesNotContain("rejectedMembers").doesNotContain("outputEnds");
        Files.writeString(file, older);

        LearnerState read = store.latest().orElseThrow().state();
        assertThat(read.rejectedMembers()).isEmpty();
        assertThat(read.outputEnds()).isEmpty();
        assertThat(read.trainedGroups()).containsExactly("a");
    }

    @Test
    void aCorruptNewestCheckpointIsSkippedAndLineageFollowsParents(@TempDir Path dir) throws Exception {
        CheckpointStore store = new CheckpointStore(dir, 0);
        try (PolicyModel policy = model(1)) {
            OptimizerState optimizer = new AdamW(policy, OptimizerConfig.constant(1e-3f)).state();
            store.write(state(2, -1, List.of("a")), policy, null, optimizer);
            store.write(state(4, 2, List.of("b")), policy, null, optimizer);
            store.write(state(6, 4, List.of("c")), policy, null, optimizer);
            assertThat(store.lineage()).extracting(LearnerState::trainedGroups)
                    .containsExactly(List.of("c"), List.of("b"), List.of("a"));

            Path weights = store.directoryOf(6).resolve(CheckpointStore.MODEL).resolve("model.safetensors");
            byte[] bytes = Files.readAllBytes(weights);
            bytes[bytes.length - 1] ^= 1;
            Files.write(weights, bytes);

            assertThat(store.latest().orElseThrow().state().version()).isEqualTo(4);
        }
    }

    @Test
    void onlyTheNewestCheckpointsAreKeptAndCrashLeftoversAreIgnored(@TempDir Path dir) throws Exception {
        CheckpointStore store = new CheckpointStore(dir, 2);
        try (PolicyModel policy = model(1)) {
            OptimizerState optimizer = new AdamW(policy, OptimizerConfig.constant(1e-3f)).state();
            Files.createDirectories(dir.resolve(".step-000000000009.tmp-crashed"));
            for (long version = 1; version <= 3; version++) {
                store.write(state(version, version - 1, List.of()), policy, null, optimizer);
            }
            assertThat(Files.exists(store.directoryOf(1))).isFalse();
            assertThat(Files.exists(store.directoryOf(2))).isTrue();
            assertThat(store.latest().orElseThrow().state().version()).isEqualTo(3);
            assertThat(store.lineage()).hasSize(2);
        }
    }

    private static Map<String, NDArray> halves(PolicyModel model, AdamW adamW) {
        Map<String, NDArray> moments = new LinkedHashMap<>();
        adamW.state().firstMoments().forEach((name, m) -> moments.put(name, model.manager().full(m.getShape(), 0.5f)));
        return moments;
    }

    private static void assertSameWeights(PolicyModel expected, PolicyModel actual) {
        expected.parameters().forEach((name, parameter) -> assertThat(actual.parameters().get(name).getArray()
                .toFloatArray()).as(name).containsExactly(parameter.getArray().toFloatArray()));
    }
}
