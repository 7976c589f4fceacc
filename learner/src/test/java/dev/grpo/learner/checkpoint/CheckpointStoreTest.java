package dev.grpo.learner.checkpoint;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import dev.grpo.learner.batch.RejectedMember;
import dev.grpo.learner.train.AdamW;
import dev.grpo.learner.train.OptimizerState;
import dev.grpo.policy.model.ModelPreset;
import dev.grpo.policy.model.PolicyModel;
import dev.grpo.policy.training.OptimizerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Checkpoints round-trip everything a resumed learner needs; a broken newest one falls back to the one before. */
class CheckpointStoreTest {

    private static LearnerState state(long version, long parent, List<String> groups) {
        return new LearnerState("run", version, parent, 0L, 42 + version,
                List.of(new PartitionOffset("adv", 0, 10 * version, List.of(10 * version + 2))), groups,
                "2026-01-01T00:00:00Z", List.of(new RejectedMember("open", 4, 1)),
                List.of(new OutputPosition("dlq", 0, 3 * version)));
    }

    private static PolicyModel model(long seed) {
        return PolicyModel.create(ModelPreset.TINY.config(16), seed, Device.cpu());
    }

    @Test
    void aCheckpointRestoresWeightsReferenceOptimiserAndState(@TempDir Path dir) {
        CheckpointStore store = new CheckpointStore(dir, 0);
        try (PolicyModel policy = model(1); PolicyModel reference = model(2); PolicyModel restored = model(3);
             PolicyModel restoredReference = model(4)) {
            AdamW adamW = new AdamW(policy, OptimizerSettings.constant(1e-3f));
            OptimizerState saved = new OptimizerState(7, halves(policy, adamW), halves(policy, adamW));
            adamW.restore(saved);
            String sha256 = store.write(state(7, -1, List.of("a", "b")), policy, reference, adamW.state());

            StoredCheckpoint latest = store.latest().orElseThrow();
            AdamW restoredAdamW = new AdamW(restored, OptimizerSettings.constant(1e-3f));
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
    void everyCheckpointCarriesTheStartingModelsTokenizerFilesAlsoAfterAResumeWithoutIt(@TempDir Path dir)
            throws Exception {
        Path start = Files.createDirectories(dir.resolve("start"));
        Files.writeString(start.resolve("tokenizer.json"), "{\"model\": {}}");
        Files.writeString(start.resolve("generation_config.json"), "{\"eos_token_id\": [1, 2]}");
        Path root = dir.resolve("checkpoints");
        try (PolicyModel policy = model(1)) {
            AdamW adamW = new AdamW(policy, OptimizerSettings.constant(1e-3f));
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
                    new AdamW(policy, OptimizerSettings.constant(1e-3f)).state());
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
            OptimizerState optimizer = new AdamW(policy, OptimizerSettings.constant(1e-3f)).state();
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
            OptimizerState optimizer = new AdamW(policy, OptimizerSettings.constant(1e-3f)).state();
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
