package dev.grpo.learner.internal.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.grpo.policy.AdamW;
import dev.grpo.policy.OptimizerState;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.CheckpointException;
import dev.grpo.policy.DurableFiles;
import dev.grpo.policy.PolicyModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The learner's checkpoints under one root directory, one {@code step-<version>} directory each, holding
 * {@value #MODEL}/ (a policy checkpoint), {@value #REFERENCE}/ (when there is a KL term), {@value #OPTIMIZER},
 * {@value #STATE} and, when the checkpoints store weights narrower than float32 (a BF16 or F16 Hugging Face model),
 * the exact float32 weights in {@value #MASTER} and {@value #REFERENCE_MASTER}, from which a resume restores. Weights
 * and moments stream to and from disk a chunk at a time, so models of any size fit. Each is written completely into a hidden temporary directory and then renamed into place, so a
 * {@code step-*} directory is always complete; a crash leaves at most a hidden leftover, which is ignored and cleaned.
 */
public final class CheckpointStore {

    /** The policy weights (a {@link Checkpoint} directory). */
    public static final String MODEL = "model";
    /** The frozen reference weights (a {@link Checkpoint} directory). */
    public static final String REFERENCE = "reference";
    /** AdamW's moments and step count. */
    public static final String OPTIMIZER = "optimizer.safetensors";
    /** The policy's float32 weights, when {@value #MODEL}/ stores them rounded ({@link MasterWeights}). */
    public static final String MASTER = "master.safetensors";
    /** The reference's float32 weights, when {@value #REFERENCE}/ stores them rounded ({@link MasterWeights}). */
    public static final String REFERENCE_MASTER = "reference-master.safetensors";
    /** The {@link LearnerState} as JSON. */
    public static final String STATE = "learner-state.json";

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final Pattern STEP = Pattern.compile("step-(\\d{12})");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final int keep;
    private final Path companions;

    /**
     * @param root the directory holding the checkpoints
     * @param keep how many of the newest checkpoints to keep after each write (0 = all)
     */
    public CheckpointStore(Path root, int keep) {
        this(root, keep, null);
    }

    /**
     * @param root the directory holding the checkpoints
     * @param keep how many of the newest checkpoints to keep after each write (0 = all)
     * @param companions the model directory the learner started from, whose tokenizer and generation files every
     *     checkpoint carries (so a Hugging Face checkpoint stays loadable as it is), or null
     */
    public CheckpointStore(Path root, int keep, Path companions) {
        this.root = root.toAbsolutePath();
        this.keep = keep;
        this.companions = companions;
    }

    /**
     * @param version a version
     * @return the directory of that version's checkpoint
     */
    public Path directoryOf(long version) {
        return root.resolve(String.format("step-%012d", version));
    }

    /**
     * Writes a checkpoint atomically, then prunes old ones.
     *
     * @param state the learner's state
     * @param policy the policy
     * @param reference the reference, or null without a KL term
     * @param optimizer AdamW's state (its live moments, streamed to disk)
     * @return the sha256 of the policy weights written
     * @throws CheckpointException when writing fails (nothing is left under a {@code step-*} name)
     */
    public String write(LearnerState state, PolicyModel policy, PolicyModel reference, OptimizerState optimizer) {
        Path target = directoryOf(state.version());
        Path temporary = root.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(temporary);
            Map<String, String> metadata = Map.of("learner_id", state.learnerId(), "version",
                    Long.toString(state.version()));
            Path carried = companionSource();
            String sha256 = Checkpoint.write(policy, temporary.resolve(MODEL), metadata, carried);
            writeMaster(temporary.resolve(MASTER), policy, sha256);
            if (reference != null) {
                String referenceSha256 = Checkpoint.write(reference, temporary.resolve(REFERENCE), Map.of("version",
                        String.valueOf(state.referenceVersion())), carried);
                writeMaster(temporary.resolve(REFERENCE_MASTER), reference, referenceSha256);
            }
            OptimizerStateFile.write(temporary.resolve(OPTIMIZER), optimizer);
            DurableFiles.write(temporary.resolve(STATE), JSON.writeValueAsBytes(state));
            if (Files.exists(target)) {
                DurableFiles.deleteTree(target);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.syncDirectory(root);
            prune();
            return sha256;
        } catch (IOException | UncheckedIOException e) {
            DurableFiles.deleteTree(temporary);
            throw new CheckpointException(CheckpointException.Problem.IO, target, "cannot write: " + e.getMessage(), e);
        }
    }

    private static void writeMaster(Path file, PolicyModel model, String checkpointSha256) throws IOException {
        if (MasterWeights.needed(model)) {
            MasterWeights.write(file, model, checkpointSha256);
        }
    }

    /**
     * The newest stored policy carries the companion files already (a learner resumed without its starting
     * directory still has them); before the first checkpoint they come from the starting directory.
     */
    private Path companionSource() {
        List<Path> stored = checkpointsNewestFirst();
        Path newest = stored.isEmpty() ? null : stored.get(0).resolve(MODEL);
        return newest != null && Files.isDirectory(newest) ? newest : companions;
    }

    /** @return the newest checkpoint that reads and verifies, if any; broken newer ones are logged and skipped */
    public Optional<StoredCheckpoint> latest() {
        for (Path directory : checkpointsNewestFirst()) {
            try {
                return Optional.of(read(directory));
            } catch (CheckpointException e) {
                LOG.warn("skipping unreadable checkpoint {}: {}", directory, e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * The chain of checkpoints the newest one descends from, newest first: each one's
     * {@link LearnerState#parentVersion()} names the next. Stops where a parent was pruned.
     *
     * @return the states along the lineage
     */
    public List<LearnerState> lineage() {
        List<LearnerState> chain = new ArrayList<>();
        Optional<LearnerState> next = latest().map(StoredCheckpoint::state);
        while (next.isPresent()) {
            LearnerState state = next.get();
            chain.add(state);
            Path parent = directoryOf(state.parentVersion());
            next = state.parentVersion() >= 0 && Files.isDirectory(parent) ? Optional.of(readState(parent))
                    : Optional.empty();
        }
        return chain;
    }

    /**
     * Reads and verifies one checkpoint.
     *
     * @param directory a {@code step-*} directory
     * @return the checkpoint
     * @throws CheckpointException when a part is missing or corrupt
     */
    public StoredCheckpoint read(Path directory) {
        LearnerState state = readState(directory);
        Checkpoint policy = Checkpoint.read(directory.resolve(MODEL));
        Checkpoint reference = Files.isDirectory(directory.resolve(REFERENCE))
                ? Checkpoint.read(directory.resolve(REFERENCE)) : null;
        String part = OPTIMIZER;
        try {
            OptimizerStateFile optimizer = OptimizerStateFile.read(directory.resolve(OPTIMIZER));
            part = MASTER;
            MasterWeights policyMaster = readMaster(directory.resolve(MASTER), policy);
            part = REFERENCE_MASTER;
            MasterWeights referenceMaster = reference == null ? null
                    : readMaster(directory.resolve(REFERENCE_MASTER), reference);
            return new StoredCheckpoint(directory, state, policy, reference, optimizer, policyMaster,
                    referenceMaster);
        } catch (IOException | IllegalArgumentException e) {
            throw new CheckpointException(CheckpointException.Problem.MALFORMED, directory,
                    part + ": " + e.getMessage(), e);
        }
    }

    /** A checkpoint of float32 weights, or one written before master weights were kept, has none. */
    private static MasterWeights readMaster(Path file, Checkpoint checkpoint) throws IOException {
        return Files.exists(file) ? MasterWeights.read(file, checkpoint) : null;
    }

    private static LearnerState readState(Path directory) {
        try {
            return JSON.readValue(directory.resolve(STATE).toFile(), LearnerState.class);
        } catch (IOException e) {
            throw new CheckpointException(CheckpointException.Problem.MALFORMED, directory,
                    STATE + ": " + e.getMessage(), e);
        }
    }

    private List<Path> checkpointsNewestFirst() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> STEP.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException e) {
            throw new CheckpointException(CheckpointException.Problem.IO, root, "cannot list: " + e.getMessage(), e);
        }
    }

    private void prune() {
        List<Path> all = checkpointsNewestFirst();
        if (keep > 0) {
            all.stream().skip(keep).forEach(DurableFiles::deleteTree);
        }
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(p -> p.getFileName().toString().matches("\\.step-\\d{12}\\.tmp-.*"))
                    .filter(p -> isOlderThanNewest(p, all))
                    .forEach(DurableFiles::deleteTree);
        } catch (IOException e) {
            LOG.warn("cannot clean leftovers in {}: {}", root, e.getMessage());
        }
    }

    /** A temporary directory of a version not newer than the newest checkpoint is a crashed write's leftover. */
    private static boolean isOlderThanNewest(Path temporary, List<Path> checkpoints) {
        if (checkpoints.isEmpty()) {
            return false;
        }
        Matcher matcher = Pattern.compile("\\.(step-\\d{12})\\.tmp-.*").matcher(temporary.getFileName().toString());
        return matcher.matches() && matcher.group(1).compareTo(checkpoints.get(0).getFileName().toString()) <= 0;
    }

}
