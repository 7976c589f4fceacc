package dev.grpo.producers.internal.admission;

import dev.grpo.schemas.KafkaClusterConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the claims log from its start, in offset order, with a {@link ClaimReplay}: a claim is granted when fewer
 * than the rule's limit for its version are counted before it, and a granted slot stays counted until its group's
 * published marker is read, or is released by the first record stamped at or after its lease's end. Every generator
 * replays the same log with the same rule, so they all agree on every verdict without talking to each other.
 */
public final class ClaimLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimLedger.class);

    private final KafkaConsumer<String, String> consumer;
    private final ClaimReplay replay;
    private final String generatorId;
    private final Map<Long, Optional<Lease>> ownVerdicts = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private final long firstOwnOffset;
    private long nextOffset;

    /**
     * @param cluster the cluster
     * @param topic the claims topic (one partition)
     * @param rule the rule every generator applies
     * @param generatorId whose verdicts to keep for {@link #awaitVerdict}
     */
    public ClaimLedger(KafkaClusterConfig cluster, String topic, AdmissionRule rule, String generatorId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(cluster.client(generatorId, "claim-ledger", config),
                new StringDeserializer(), new StringDeserializer());
        this.replay = new ClaimReplay(rule);
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
     * @param now the local time
     * @return whether a claim appended now would find room, counting leases that have ended by now as released
     */
    public synchronized ClaimReplay.Room room(long version, Instant now) {
        return replay.room(version, now);
    }

    /** @return slots counted toward the bound, as far as the log has been read */
    public synchronized long counted() {
        return replay.counted();
    }

    /**
     * @param slot one of this generator's granted claims
     * @return its lease while it holds, as far as the log has been read; empty once published or released
     */
    public synchronized Optional<Lease> outstanding(long slot) {
        return replay.outstanding(slot);
    }

    /**
     * Waits until the log has been read past {@code offset} and returns the verdict on that claim.
     *
     * @param offset the offset of one of this generator's claims
     * @return its lease when it was granted, empty when it was void
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized Optional<Lease> awaitVerdict(long offset) throws InterruptedException {
        while (nextOffset <= offset) {
            if (!running) {
                throw new IllegalStateException("the claim ledger stopped before claim " + offset + " was read");
            }
            wait(100);
        }
        Optional<Lease> verdict = ownVerdicts.remove(offset);
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
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    read(record);
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

    private synchronized void read(ConsumerRecord<String, String> record) {
        Header lease = record.headers().lastHeader(ClaimLogEntry.LEASE_HEADER);
        ClaimReplay.Reading reading = replay.read(ClaimLogEntry.read(record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.key(), record.value(),
                lease == null ? null : new String(lease.value(), StandardCharsets.UTF_8)));
        log(reading);
        ClaimLogEntry entry = reading.entry();
        if (entry instanceof ClaimLogEntry.Claim && generatorId.equals(entry.generatorId())
                && entry.offset() >= firstOwnOffset) {
            ownVerdicts.put(entry.offset(), reading.outcome() == ClaimReplay.Outcome.GRANTED
                    ? replay.outstanding(entry.offset()) : Optional.empty());
        }
        nextOffset = record.offset() + 1;
        notifyAll();
    }

    private static void log(ClaimReplay.Reading reading) {
        ClaimLogEntry entry = reading.entry();
        for (Lease lease : reading.released()) {
            LOG.info("slot {} of {} released: its group was not marked published by {} (read at offset {})",
                    lease.slot(), lease.generatorId(), lease.endsAt(), entry.offset());
        }
        switch (reading.outcome()) {
            case LATE -> LOG.warn("{} marked the group of slot {} published after its lease had ended; the slot "
                    + "stays released", entry.generatorId(), ((ClaimLogEntry.Published) entry).claimOffset());
            case IGNORED -> LOG.info("marker at offset {} by {} matches no lease of its writer: ignored",
                    entry.offset(), entry.generatorId());
            case UNREADABLE -> LOG.warn("record at offset {} by {} is void: {}", entry.offset(), entry.generatorId(),
                    ((ClaimLogEntry.Unreadable) entry).why());
            default -> {
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join();
    }
}
