package dev.grpo.producers.admission;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Decides whether this generator may start another group. While the ledger shows no room for the version in place
 * the gate waits (that time is the admission-control pause); when it shows room it appends a claim to the claims
 * log and waits for the log's verdict on it, which every generator computes the same way. A claim that lost a
 * race with another generator's is void, and the gate waits again. Claims of one generator are made one at a time.
 */
public final class AdmissionGate {

    private static final Duration RECHECK = Duration.ofMillis(50);

    private final Producer<String, String> producer;
    private final String topic;
    private final ClaimLedger ledger;
    private final LongSupplier version;
    private final String generatorId;
    private final PauseClock pauses;

    /**
     * @param producer appends claims (idempotent, acks=all)
     * @param topic the claims topic
     * @param ledger the replay of that topic
     * @param version the version of the weights in place
     * @param generatorId this generator, the key of its claims
     * @param pauses is told how long admissions wait for room, while they wait
     */
    public AdmissionGate(Producer<String, String> producer, String topic, ClaimLedger ledger, LongSupplier version,
                         String generatorId, PauseClock pauses) {
        this.producer = producer;
        this.topic = topic;
        this.ledger = ledger;
        this.version = version;
        this.generatorId = generatorId;
        this.pauses = pauses;
    }

    /**
     * Blocks until a group is granted, or {@code stopping} turns true while waiting for room.
     *
     * @param stopping checked while waiting: once true, no new claim is made
     * @return the admission, or empty when stopping
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized Optional<Admission> admit(BooleanSupplier stopping) throws InterruptedException {
        while (!stopping.getAsBoolean()) {
            long current = version.getAsLong();
            if (!ledger.hasRoom(current)) {
                long since = System.nanoTime();
                ledger.awaitProgress(RECHECK);
                pauses.add(Duration.ofNanos(System.nanoTime() - since));
                continue;
            }
            long slot = claim(current);
            if (ledger.awaitVerdict(slot)) {
                return Optional.of(new Admission(slot, current, generatorId));
            }
        }
        return Optional.empty();
    }

    private long claim(long current) throws InterruptedException {
        try {
            RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, 0, generatorId, Long.toString(current)))
                    .get();
            return metadata.offset();
        } catch (ExecutionException e) {
            throw new KafkaException("cannot append a claim to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Receives the time admissions spend waiting, as it passes (so a long stall shows while it lasts). */
    @FunctionalInterface
    public interface PauseClock {
        /** @param paused a stretch of waiting */
        void add(Duration paused);
    }
}
