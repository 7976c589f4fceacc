package dev.grpo.tests.producers;

import ai.djl.Device;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.FeedForwardKind;
import dev.grpo.policy.ModelConfig;
import dev.grpo.policy.Normalization;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.PositionEncoding;
import dev.grpo.policy.CharTokenizer;
import java.nio.file.Path;
import java.util.Map;

/** Checkpoints of a tiny policy over the built-in character vocabulary; version k has weight seed k. */
public final class TinyCheckpoints {

    static final ModelConfig CONFIG = new ModelConfig(new CharTokenizer().vocabularySize(), 40, 1, 16, 2, 32,
            PositionEncoding.ROTARY, Normalization.RMS_NORM, FeedForwardKind.SWIGLU, 10_000.0, 1e-5);

    private TinyCheckpoints() {
    }

    /** @return the directory of version {@code version}'s checkpoint under {@code root} */
    public static Path directory(Path root, long version) {
        return root.resolve("v" + version);
    }

    /**
     * Writes the checkpoint of a version.
     *
     * @return its sha256
     */
    public static String write(Path root, long version) {
        try (PolicyModel model = PolicyModel.create(CONFIG, version, Device.cpu())) {
            return Checkpoint.write(model, directory(root, version), Map.of("version", Long.toString(version)));
        }
    }
}
