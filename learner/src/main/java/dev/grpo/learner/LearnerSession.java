package dev.grpo.learner;

import dev.grpo.learner.internal.batch.GroupAssembly;
import dev.grpo.learner.internal.batch.IncompleteGroup;
import dev.grpo.learner.internal.batch.ReceivedSample;
import dev.grpo.learner.internal.batch.RejectedMember;
import dev.grpo.learner.internal.batch.SampleValidator;
import dev.grpo.learner.internal.batch.ShuffleRandom;
import dev.grpo.learner.internal.batch.TrainingGroup;
import dev.grpo.learner.internal.checkpoint.CheckpointStore;
import dev.grpo.learner.internal.checkpoint.LearnerState;
import dev.grpo.learner.internal.checkpoint.PartitionOffset;
import dev.grpo.learner.internal.checkpoint.StoredCheckpoint;
import dev.grpo.learner.internal.gate.StalenessGate;
import dev.grpo.learner.internal.kafka.ConsumedOffsets;
import dev.grpo.learner.internal.kafka.ForwardHeaders.Forwarded;
import dev.grpo.learner.internal.kafka.LearnerOutputs;
import dev.grpo.learner.internal.kafka.OutputLog;
import dev.grpo.learner.internal.kafka.ResumePoint;
import dev.grpo.learner.internal.loss.GrpoLoss;
import dev.grpo.policy.AdamW;
import dev.grpo.policy.NonFiniteGradientException;
import dev.grpo.policy.NoGradient;
import dev.grpo.policy.PolicyModel;
import dev.grpo.records.PolicyVersion;
import dev.grpo.schemas.DeadLetterReason;
import dev.grpo.schemas.StageClock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One run of a {@link GrpoLearner}: its models, optimiser, Kafka clients, offsets, gate and counters, and the loop that
 * reads, gates, trains, checkpoints and announces.
 */
final class LearnerSession {

    private static final Logger LOG = LoggerFactory.getLogger(LearnerSession.class);

    private final LearnerConfig config;
    private final LearnerMetrics metrics;
    private final Consumer<StepMetrics> listener;
    private final CheckpointStore store;
    private final PolicyModel policy;
    private final PolicyModel reference;
    private final KafkaConsumer<byte[], byte[]> kafka;
    private final LearnerOutputs outputs;
    private final OutputLog outputLog;
    private final AdamW optimizer;
    private final StepTrainer trainer;
    private final GroupAssembly assembly = new GroupAssembly(this::pollClock);
    private final ConsumedOffsets offsets = new ConsumedOffsets();
    private final StalenessGate gate;
    private final SampleIntake intake;
    private final List<String> trainedSinceCheckpoint = new ArrayList<>();
    private final List<TopicPartition> partitions = new ArrayList<>();
    private ShuffleRandom random;
    private Long referenceVersion;
    private long checkpointVersion = -1;
    private long waitNanos;
    private long pollingNanos;
    private volatile long version;
    private volatile boolean stopping;

    LearnerSession(LearnerConfig config, LearnerMetrics metrics, Consumer<StepMetrics> listener,
                   CheckpointStore store, PolicyModel policy, PolicyModel reference,
                   KafkaConsumer<byte[], byte[]> kafka, LearnerOutputs outputs, OutputLog outputLog) {
        this.config = config;
        this.metrics = metrics;
        this.listener = listener;
        this.store = store;
        this.policy = policy;
        this.reference = reference;
        this.kafka = kafka;
        this.outputs = outputs;
        this.outputLog = outputLog;
        this.gate = config.run().offPolicy() ? StalenessGate.offPolicy() : new StalenessGate(config.run().maxStaleness());
        this.random = new ShuffleRandom(config.run().seed());
        this.optimizer = new AdamW(policy, config.optimizer());
        GrpoLoss loss = new GrpoLoss(config.lossSettings(policy.config().maxLength()));
        this.trainer = new StepTrainer(policy, reference, optimizer, loss, config.run().padTokenId(),
                config.run().groupsPerMiniBatch());
        this.intake = new SampleIntake(new SampleValidator(policy.config().vocabularySize(),
                policy.config().maxLength()), assembly, offsets, outputs, metrics);
    }

    void start(Optional<StoredCheckpoint> resumed) {
        kafka.partitionsFor(config.topics().advantages()).forEach(info ->
                partitions.add(new TopicPartition(info.topic(), info.partition())));
        kafka.assign(partitions);
        if (config.run().offPolicy()) {
            LOG.info("learner {} trains off-policy on {}: every sample is admitted whatever its policy version, "
                    + "ratio cap {}", config.learnerId(), config.topics().advantages(), config.loss().ratioCap());
        }
        if (resumed.isPresent()) {
            resume(resumed.get());
        } else {
            seekTo(kafka.beginningOffsets(partitions));
            if (reference != null) {
                copyWeights(policy, reference);
                referenceVersion = 0L;
            }
            // version 0 is checkpointed before anything is read, so a restart always knows where the stale and
            // dead-letter topics ended before this learner wrote to them
            checkpoint();
        }
    }

    private void resume(StoredCheckpoint checkpoint) {
        LearnerState state = checkpoint.state();
        checkpoint.restore(policy, reference, optimizer);
        version = state.version();
        checkpointVersion = state.version();
        referenceVersion = state.referenceVersion();
        random = new ShuffleRandom(state.shuffleState());
        Map<TopicPartition, ResumePoint> points = new HashMap<>();
        state.offsets().forEach(o -> points.put(new TopicPartition(o.topic(), o.partition()),
                new ResumePoint(o.offset(), o.handled())));
        offsets.restore(points);
        state.rejectedMembers().forEach(assembly::reject);
        countForwardsSince(state);
        Map<TopicPartition, Long> seeks = new HashMap<>();
        List<TopicPartition> unseen = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            ResumePoint point = points.get(partition);
            if (point == null) {
                unseen.add(partition);
            } else {
                seeks.put(partition, point.offset());
            }
        }
        if (!unseen.isEmpty()) {
            seeks.putAll(kafka.beginningOffsets(unseen));
        }
        seekTo(seeks);
        LOG.info("resumed learner {} at version {} from {}", config.learnerId(), version, checkpoint.directory());
        announce(version, checkpoint.policyDirectory(), checkpoint.policySha256());
    }

    /**
     * Seeks every assigned partition explicitly, and only to the given offsets: never {@code seekToBeginning} of a
     * list that may be empty, which Kafka reads as every assigned partition.
     */
    private void seekTo(Map<TopicPartition, Long> seeks) {
        for (TopicPartition partition : partitions) {
            Long offset = seeks.get(partition);
            if (offset == null) {
                throw new IllegalStateException("no resume offset for " + partition);
            }
            kafka.seek(partition, offset);
        }
    }

    /**
     * What this learner forwarded to its stale and dead-letter topics after the checkpoint is done too: it counts as
     * handled, and a forwarded member of a group still open counts as rejected, so it is not forwarded again.
     */
    private void countForwardsSince(LearnerState state) {
        List<Forwarded> forwarded = outputLog.forwardedSince(state.outputEnds(), Instant.parse(state.writtenAt()));
        for (Forwarded record : forwarded) {
            offsets.handled(record.source(), record.offset());
            record.member().ifPresent(assembly::reject);
        }
    }

    void loop() {
        while (!stopping && !reachedMaxSteps()) {
            long pollStart = System.nanoTime();
            try {
                kafka.poll(config.kafka().pollTimeout()).forEach(this::accept);
            } catch (WakeupException e) {
                break;
            } finally {
                long polled = System.nanoTime() - pollStart;
                waitNanos += polled;
                pollingNanos += polled;
            }
            deadLetterIncompleteGroups();
            try (StageClock.Busy working = metrics.clock().busy()) {
                while (!reachedMaxSteps() && trainIfReady()) {
                    if (version % config.checkpointing().every() == 0) {
                        checkpoint();
                    }
                }
            }
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        intake.accept(record);
    }

    /** Time spent waiting on the advantages topic: a group's timeout runs only while the learner could read more. */
    private long pollClock() {
        return pollingNanos;
    }

    private void deadLetterIncompleteGroups() {
        for (IncompleteGroup group : assembly.expire(config.run().groupTimeout())) {
            String reason = "group " + group.groupId() + " still missed members " + group.missing() + " of "
                    + group.groupSize() + " after waiting " + config.run().groupTimeout() + " on "
                    + config.topics().advantages();
            LOG.warn("dead-lettering {} members: {}", group.members().size(), reason);
            group.members().forEach(m -> {
                // no group member in the headers: a resumed learner must not count it towards a later completion
                outputs.deadLetter(m.record(), DeadLetterReason.INCOMPLETE_GROUP, reason, Optional.empty());
                offsets.handled(m.partition(), m.offset());
                metrics.deadLettered(DeadLetterReason.INCOMPLETE_GROUP);
            });
        }
    }

    /** Makes {@link #loop()} end after the step in progress. */
    void stop() {
        stopping = true;
    }

    long version() {
        return version;
    }

    private boolean reachedMaxSteps() {
        return config.run().maxSteps() > 0 && version >= config.run().maxSteps();
    }

    void finish() {
        if (version > checkpointVersion) {
            checkpoint();
        }
        outputs.flush();
    }

    /** Takes whole groups off the queue, gating each; trains a step when enough fresh ones are there. */
    private boolean trainIfReady() {
        if (assembly.readyCount() < config.run().groupsPerStep()) {
            return false;
        }
        List<TrainingGroup> fresh = new ArrayList<>();
        while (fresh.size() < config.run().groupsPerStep() && assembly.hasReady()) {
            TrainingGroup group = assembly.takeReady();
            StalenessGate.Decision decision = gate.admit(group, version);
            decision.stale().forEach(this::forwardStale);
            metrics.staleForwarded(decision.stale().size());
            if (decision.fresh().isPresent()) {
                fresh.add(decision.fresh().get());
            } else {
                assembly.settle(group.groupId());
            }
        }
        if (fresh.size() < config.run().groupsPerStep()) {
            assembly.giveBack(fresh);
            return false;
        }
        train(fresh);
        return true;
    }

    private void forwardStale(ReceivedSample sample) {
        outputs.stale(sample);
        offsets.handled(sample.partition(), sample.offset());
        assembly.setAside(RejectedMember.of(sample.sample()));
    }

    private void train(List<TrainingGroup> groups) {
        Map<Long, Integer> staleness = gate.histogram(groups, version);
        Map<Long, Long> tokenStaleness = gate.tokenHistogram(groups, version);
        long computeStart = System.nanoTime();
        StepOutcome outcome;
        try {
            outcome = trainer.train(groups, random);
        } catch (NonFiniteGradientException e) {
            LOG.error("step at version {} skipped: {}", version, e.getMessage());
            groups.forEach(g -> {
                g.members().forEach(m -> {
                    outputs.deadLetter(m, DeadLetterReason.NON_FINITE_GRADIENT, e.getMessage());
                    offsets.handled(m.partition(), m.offset());
                    metrics.deadLettered(DeadLetterReason.NON_FINITE_GRADIENT);
                });
                assembly.settle(g.groupId());
            });
            return;
        }
        double computeSeconds = (System.nanoTime() - computeStart) / 1e9;
        version++;
        Instant trainedAt = Instant.now();
        groups.forEach(g -> {
            metrics.trained(Duration.between(g.members().get(0).sample().getAssembledAt(), trainedAt));
            trainedSinceCheckpoint.add(g.groupId());
            g.members().forEach(m -> offsets.handled(m.partition(), m.offset()));
            assembly.settle(g.groupId());
        });
        refreshReference();
        StepMetrics step = stepMetrics(groups, outcome, staleness, tokenStaleness, computeSeconds);
        waitNanos = 0;
        metrics.record(step);
        listener.accept(step);
    }

    private void refreshReference() {
        if (reference != null && config.run().referenceRefreshSteps() > 0
                && version % config.run().referenceRefreshSteps() == 0) {
            copyWeights(policy, reference);
            referenceVersion = version;
        }
    }

    private StepMetrics stepMetrics(List<TrainingGroup> groups, StepOutcome outcome, Map<Long, Integer> staleness,
                                    Map<Long, Long> tokenStaleness, double computeSeconds) {
        List<ReceivedSample> members = groups.stream().flatMap(g -> g.members().stream()).toList();
        double meanReward = members.stream().mapToDouble(m -> m.sample().getReward()).average().orElse(0);
        Map<String, Double> components = new TreeMap<>();
        members.forEach(m -> m.sample().getRewardComponents().forEach((name, value) ->
                components.merge(name.toString(), value / members.size(), Double::sum)));
        double meanLength = members.stream().mapToInt(ReceivedSample::completionLength).average().orElse(0);
        return new StepMetrics(version, outcome, groups.size(), meanReward, components, meanLength, staleness,
                tokenStaleness,
                gate.staleCount(), intake.deadLettered(), outcome.tokens() / Math.max(1e-9, computeSeconds),
                waitNanos / 1e9, computeSeconds);
    }

    private void checkpoint() {
        outputs.flush();
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.forEach(p -> positions.put(p, position(p)));
        Map<TopicPartition, ResumePoint> points = offsets.resumePoints(positions);
        List<PartitionOffset> stored = points.entrySet().stream()
                .map(e -> new PartitionOffset(e.getKey().topic(), e.getKey().partition(), e.getValue().offset(),
                        e.getValue().handled()))
                .sorted(java.util.Comparator.comparingInt(PartitionOffset::partition))
                .toList();
        LearnerState state = new LearnerState(config.learnerId(), version, checkpointVersion, referenceVersion,
                random.state(), stored, trainedSinceCheckpoint, Instant.now().toString(), assembly.openRejections(),
                outputLog.ends());
        String sha256 = store.write(state, policy, reference, optimizer.state());
        checkpointVersion = version;
        trainedSinceCheckpoint.clear();
        announce(version, store.directoryOf(version).resolve(CheckpointStore.MODEL), sha256);
        commitForMonitoring(points);
    }

    /** A {@link #close()} racing with a step leaves a wake-up pending, which the first blocking call consumes. */
    private long position(TopicPartition partition) {
        try {
            return kafka.position(partition);
        } catch (WakeupException e) {
            return kafka.position(partition);
        }
    }

    private void announce(long announced, Path weights, String sha256) {
        outputs.version(PolicyVersion.newBuilder()
                .setLearnerId(config.learnerId())
                .setVersion(announced)
                .setCheckpointUri(weights.toUri().toString())
                .setSha256(sha256)
                .setReferenceVersion(referenceVersion)
                .setPublishedAt(Instant.now())
                .build());
    }

    /** The checkpoint is the source of truth; committing too only lets lag tools see the learner's progress. */
    private void commitForMonitoring(Map<TopicPartition, ResumePoint> points) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        points.forEach((partition, point) -> commits.put(partition, new OffsetAndMetadata(point.offset())));
        try {
            kafka.commitSync(commits);
        } catch (KafkaException e) {
            LOG.warn("could not commit offsets for monitoring: {}", e.getMessage());
        }
    }

    private static void copyWeights(PolicyModel from, PolicyModel to) {
        try (NoGradient noGradient = NoGradient.scope()) {
            from.parameters().forEach((name, parameter) ->
                    to.parameters().get(name).getArray().set(parameter.getArray().toFloatArray()));
        }
    }
}
