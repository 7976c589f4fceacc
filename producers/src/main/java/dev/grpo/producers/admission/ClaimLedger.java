package dev.grpo.producers.admission;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the claims log from its start, in offset order, deciding each claim with the {@link AdmissionRule}:
 * granted when fewer than the rule's limit for the claimed version were granted before it. Every generator
 * replays the same log with the same rule, so they all agree on every verdict without talking to each other.
 * A claim whose value is not a version is void for everyone.
 */
public final class ClaimLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimLedger.class);

    private final KafkaConsumer<String, String> consumer;
    private final AdmissionRule rule;
    private final String generatorId;
    private final Map<Long, Boolean> ownVerdicts = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private final long firstOwnOffset;
    private long granted;
    private long nextOffset;

    /**
     * @param bootstrapServers the cluster
     * @param topic the claims topic (one partition)
     * @param rule the rule every generator applies
     * @param generatorId whose verdicts to keep for {@link #awaitVerdict}
     */
    public ClaimLedger(String bootstrapServers, String topic, AdmissionRule rule, String generatorId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        this.rule = rule;
        this.generatorId = generatorId;
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        // claims under this id from before this process started (a restart) are never awaited: keep no verdicts
        this.firstOwnOffset = consumer.endOffsets(List.of(partition)).get(partition);
        this.thread = new Thread(this::replay, "claim-ledger-" + generatorId);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @param version the version a new group would be sampled with
     * @return whether, as far as the log has been read, a claim for that version would be granted
     */
    public synchronized boolean hasRoom(long version) {
        return rule.admits(granted, version);
    }

    /** @return groups granted so far, as far as the log has been read */
    public synchronized long granted() {
        return granted;
    }

    /**
     * Waits until the log has been read past {@code offset} and returns the verdict on that claim.
     *
     * @param offset the offset of one of this generator's claims
     * @return whether it was granted
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized boolean awaitVerdict(long offset) throws InterruptedException {
        while (nextOffset <= offset) {
            if (!running) {
                throw new IllegalStateException("the claim ledger stopped before claim " + offset + " was read");
            }
            wait(100);
        }
        Boolean verdict = ownVerdicts.remove(offset);
        if (verdict == null) {
            throw new IllegalStateException("claim at offset " + offset + " is not one of " + generatorId + "'s");
        }
        return verdict;
    }

    /**
     * Waits until more of the log has been read, or the timeout passes.
     *
     * @param timeout the longest wait
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized void awaitProgress(Duration timeout) throws InterruptedException {
        wait(Math.max(1, timeout.toMillis()));
    }

    private void replay() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> claim : consumer.poll(Duration.ofMillis(100))) {
                    decide(claim);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
            synchronized (this) {
                running = false;
                notifyAll();
            }
        }
    }

    private synchronized void decide(ConsumerRecord<String, String> claim) {
        Long version = version(claim);
        boolean verdict = version != null && rule.admits(granted, version);
        if (verdict) {
            granted++;
        }
        if (generatorId.equals(claim.key()) && claim.offset() >= firstOwnOffset) {
            ownVerdicts.put(claim.offset(), verdict);
        }
        nextOffset = claim.offset() + 1;
        notifyAll();
    }

    private static Long version(ConsumerRecord<String, String> claim) {
        try {
            return Long.parseLong(claim.value());
        } catch (NumberFormatException | NullPointerException e) {
            LOG.warn("claim at offset {} by {} holds no version ('{}'): void", claim.offset(), claim.key(),
                    claim.value());
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join();
    }
}
