package dev.grpo.producers.internal.weights;

import ai.djl.Device;
import dev.grpo.policy.Checkpoint;
import dev.grpo.records.PolicyVersion;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weights a generator starts with: the learner's latest announced version when there is one and it loads,
 * else the configured initial checkpoint as version 0 (the follower keeps retrying the announced one).
 */
public final class InitialWeights {

    private static final Logger LOG = LoggerFactory.getLogger(InitialWeights.class);

    private InitialWeights() {
    }

    /**
     * The weights a generator starts with.
     *
     * @param policy the loaded weights and their version
     * @param directory the model directory they were read from; its tokenizer is the policy's
     */
    public record StartingWeights(LoadedPolicy policy, Path directory) {
    }

    /**
     * @param latest the learner's latest announced version, if any
     * @param initialCheckpoint the fallback checkpoint, if any
     * @param device where to load the weights
     * @return the loaded policy and the directory it came from (which holds its tokenizer)
     * @throws IllegalStateException when neither gives usable weights, naming why
     */
    public static StartingWeights load(Optional<PolicyVersion> latest, Optional<Path> initialCheckpoint,
            Device device) {
        String announcedProblem = "no version has been announced";
        if (latest.isPresent()) {
            PolicyVersion version = latest.get();
            try {
                Checkpoint checkpoint = Checkpoint.read(CheckpointLocation.resolve(version.getCheckpointUri()));
                if (checkpoint.sha256().equalsIgnoreCase(version.getSha256())) {
                    return new StartingWeights(new LoadedPolicy(checkpoint.load(device),
                            version.getVersion()), checkpoint.directory());
                }
                announcedProblem = "announced version " + version.getVersion() + " has sha256 " + version.getSha256()
                        + " but its checkpoint " + checkpoint.sha256();
            } catch (RuntimeException e) {
                announcedProblem = "announced version " + version.getVersion() + " does not load: " + e.getMessage();
            }
            LOG.warn("{}", announcedProblem);
        }
        if (initialCheckpoint.isEmpty()) {
            throw new IllegalStateException(
                    "no weights to sample with: " + announcedProblem + ", and no initial checkpoint was given");
        }
        Path fallback = initialCheckpoint.get();
        return new StartingWeights(new LoadedPolicy(Checkpoint.read(fallback).load(device), 0),
                fallback);
    }
}
