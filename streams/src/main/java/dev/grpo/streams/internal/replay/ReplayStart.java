package dev.grpo.streams.internal.replay;

import dev.grpo.schemas.TopicInstaller;
import dev.grpo.schemas.TopicSpec;
import dev.grpo.streams.internal.assembler.GroupAssemblerTopology;
import dev.grpo.streams.spi.StreamTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;

/**
 * Everything a replay does on the cluster before its stream apps start: checks that its inputs
 * exist and its outputs do not (or deletes them, when forced), clears its own application state
 * from any earlier run, creates its outputs co-partitioned with the rollouts, and commits the
 * starting offsets of its two consumer groups. It never touches a live topic or group.
 */
public final class ReplayStart {

    private final Admin admin;
    private final Duration timeout;
    private final String run;
    private final StreamTopics outputs;
    private final String rulesApplicationId;
    private final String assemblerApplicationId;

    /**
     * The start of run {@code run} through {@code admin}, each request answered within {@code timeout}.
     *
     * @param outputs the run's topics: it writes rule rewards, advantages and dead letters to theirs
     * @param rulesApplicationId the application id (and consumer group) of the run's rule-reward app
     * @param assemblerApplicationId the application id (and consumer group) of the run's assembler
     */
    public ReplayStart(Admin admin, Duration timeout, String run, StreamTopics outputs, String rulesApplicationId,
            String assemblerApplicationId) {
        this.admin = admin;
        this.timeout = timeout;
        this.run = run;
        this.outputs = outputs;
        this.rulesApplicationId = rulesApplicationId;
        this.assemblerApplicationId = assemblerApplicationId;
    }

    /** Refuses when an input topic is missing, or an output topic exists and {@code force} is not set. */
    public void check(List<String> inputs, boolean force) throws InterruptedException {
        Set<String> existing = await(admin.listTopics().names());
        for (String input : inputs) {
            if (!existing.contains(input)) {
                throw new ImpossibleReplayException("input topic " + input + " does not exist: the reward configuration "
                        + "names a component with no history to replay");
            }
        }
        for (String output : outputTopics()) {
            if (existing.contains(output) && !force) {
                throw new ImpossibleReplayException("output topic " + output + " already exists; pass --force to delete "
                        + "and recreate it, or choose another --run");
            }
        }
    }

    /**
     * Deletes existing outputs and the run's application state (consumer groups and the assembler's
     * changelog topics; the rule-reward app is stateless), then creates the outputs, the rule rewards and advantages with {@code partitions}
     * partitions so that they are co-partitioned with the rollouts.
     */
    public void prepare(int partitions) throws InterruptedException {
        deleteGroups();
        List<String> owned = new ArrayList<>(outputTopics());
        for (String store : List.of(GroupAssemblerTopology.GROUPS_STORE, GroupAssemblerTopology.MEMBERS_STORE)) {
            owned.add(assemblerApplicationId + "-" + store + "-changelog");
        }
        List<String> doomed = await(admin.listTopics().names()).stream().filter(owned::contains).toList();
        if (!doomed.isEmpty()) {
            await(admin.deleteTopics(doomed).all());
        }
        create(List.of(outputs.spec(outputs.ruleRewards()).withPartitions(partitions),
                outputs.spec(outputs.advantages()).withPartitions(partitions),
                outputs.spec(outputs.deadLetters())));
    }

    /** The topics the run writes: rule rewards, advantages, dead letters. */
    private List<String> outputTopics() {
        return List.of(outputs.ruleRewards(), outputs.advantages(), outputs.deadLetters());
    }

    private void deleteGroups() throws InterruptedException {
        for (String group : List.of(rulesApplicationId, assemblerApplicationId)) {
            try {
                admin.deleteConsumerGroups(List.of(group)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupNotEmptyException) {
                    throw new ImpossibleReplayException("replay run '" + run + "' is running already: consumer group "
                            + group + " has members (a member that crashed leaves after its session timeout)");
                }
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw new IllegalStateException("cannot delete consumer group " + group + ": " + e.getCause(), e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("the cluster did not delete consumer group " + group + " within " + timeout, e);
            }
        }
    }

    /** Creates the topics once deletions of the same names have gone through. */
    private void create(List<TopicSpec> specs) throws InterruptedException {
        List<String> names = specs.stream().map(TopicSpec::name).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (await(admin.listTopics().names()).stream().anyMatch(names::contains)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " were deleted but are still listed after " + timeout);
            }
            Thread.sleep(100);
        }
        List<TopicSpec> raced = new TopicInstaller(admin, timeout).apply(specs).existing();
        if (!raced.isEmpty()) {
            throw new ImpossibleReplayException("output topic " + raced.get(0).name() + " was created by another client "
                    + "while this replay was starting");
        }
    }

    /**
     * Commits where the two apps start: the rollouts at the range's start on every partition, and
     * each external reward topic at the first score written no earlier than the oldest replayed
     * rollout of its partition (scores are written after their rollouts), or at its end when the
     * partition replays nothing.
     */
    public void commitStart(ReplayBounds bounds, RangeCensus census, List<String> externalTopics,
            RolloutLog log) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> rollouts = new HashMap<>();
        for (PartitionRange range : bounds.partitions()) {
            rollouts.put(new TopicPartition(bounds.topic(), range.partition()), new OffsetAndMetadata(range.start()));
        }
        Map<TopicPartition, OffsetAndMetadata> assembler = new HashMap<>(rollouts);
        for (String topic : externalTopics) {
            assembler.putAll(externalStart(topic, census, log));
        }
        await(admin.alterConsumerGroupOffsets(rulesApplicationId, rollouts).all());
        await(admin.alterConsumerGroupOffsets(assemblerApplicationId, assembler).all());
    }

    private Map<TopicPartition, OffsetAndMetadata> externalStart(String topic, RangeCensus census, RolloutLog log) {
        List<TopicPartition> partitions = census.partitions().stream()
                .map(p -> new TopicPartition(topic, p.range().partition())).toList();
        Map<TopicPartition, Long> ends = log.endOffsets(partitions);
        Map<TopicPartition, OffsetAndMetadata> starts = new HashMap<>();
        for (RangeCensus.PartitionCensus partition : census.partitions()) {
            TopicPartition scores = new TopicPartition(topic, partition.range().partition());
            long start = partition.oldestTimestamp() < 0 ? ends.get(scores)
                    : log.offsetAt(scores, Instant.ofEpochMilli(partition.oldestTimestamp())).orElse(ends.get(scores));
            starts.put(scores, new OffsetAndMetadata(start));
        }
        return starts;
    }

    private <T> T await(KafkaFuture<T> future) throws InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the cluster refused a replay request: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the cluster did not answer within " + timeout, e);
        }
    }
}
