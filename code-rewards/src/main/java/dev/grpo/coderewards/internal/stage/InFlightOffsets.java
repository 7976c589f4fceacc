package dev.grpo.coderewards.internal.stage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The records a stage has polled but not yet committed, and what decides how far it may commit: per partition, only
 * the unbroken run of finished records from the oldest one on. A record finished out of order waits until every
 * record before it has finished too, so a committed offset never passes a record whose result is not in the same or
 * an earlier transaction. Not thread-safe: the polling thread owns it; workers hand their results back to that thread.
 *
 * @param <R> what a finished record leaves to publish
 */
public final class InFlightOffsets<R> {

    private final Map<TopicPartition, TreeMap<Long, Slot<R>>> partitions = new HashMap<>();
    private int size;

    /**
     * Starts tracking the record at {@code offset} of {@code partition}, unfinished.
     *
     * @return the slot to {@link #finish} it with
     * @throws IllegalArgumentException if that offset is tracked already (a record polled twice)
     */
    public Slot<R> track(TopicPartition partition, long offset) {
        Slot<R> slot = new Slot<>(partition, offset);
        Slot<R> previous = partitions.computeIfAbsent(partition, p -> new TreeMap<>()).putIfAbsent(offset, slot);
        if (previous != null) {
            throw new IllegalArgumentException(partition + "@" + offset + " is tracked already");
        }
        size++;
        return slot;
    }

    /**
     * Records the result of the slot's record. A slot whose partition was {@linkplain #forget forgotten} since (its
     * work was abandoned on a rebalance) is ignored, even if the same offset is tracked again by a newer slot.
     *
     * @return whether the result was taken
     */
    public boolean finish(Slot<R> slot, R result) {
        Objects.requireNonNull(result, "result");
        TreeMap<Long, Slot<R>> offsets = partitions.get(slot.partition);
        if (offsets == null || offsets.get(slot.offset) != slot || slot.result != null) {
            return false;
        }
        slot.result = result;
        return true;
    }

    /**
     * Removes and returns what may be committed now: per partition, the results of the unbroken run of finished
     * records from the oldest tracked one, in offset order, and the offset to commit (one past the run's last).
     */
    public Committable<R> drainCommittable() {
        List<R> results = new ArrayList<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        for (Map.Entry<TopicPartition, TreeMap<Long, Slot<R>>> entry : partitions.entrySet()) {
            Iterator<Slot<R>> slots = entry.getValue().values().iterator();
            while (slots.hasNext()) {
                Slot<R> slot = slots.next();
                if (slot.result == null) {
                    break;
                }
                results.add(slot.result);
                next.put(entry.getKey(), slot.offset + 1);
                slots.remove();
                size--;
            }
        }
        return new Committable<>(results, next);
    }

    /** Stops tracking {@code revoked}: their unfinished work is abandoned, their finished work dropped. */
    public void forget(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            TreeMap<Long, Slot<R>> offsets = partitions.remove(partition);
            if (offsets != null) {
                size -= offsets.size();
            }
        }
    }

    /** How many records are tracked: unfinished, or finished but waiting for an older one. */
    public int size() {
        return size;
    }

    /** How many tracked records have no result yet. */
    public int unfinished() {
        int unfinished = 0;
        for (TreeMap<Long, Slot<R>> offsets : partitions.values()) {
            for (Slot<R> slot : offsets.values()) {
                unfinished += slot.result == null ? 1 : 0;
            }
        }
        return unfinished;
    }

    /**
     * One tracked record. Compared by identity: a slot of abandoned work never stands for a newer one.
     *
     * @param <R> what its record leaves to publish
     */
    public static final class Slot<R> {

        private final TopicPartition partition;
        private final long offset;
        private R result;

        private Slot(TopicPartition partition, long offset) {
            this.partition = partition;
            this.offset = offset;
        }

        /** The record's partition. */
        public TopicPartition partition() {
            return partition;
        }

        /** The record's offset. */
        public long offset() {
            return offset;
        }

        @Override
        public String toString() {
            return partition + "@" + offset;
        }
    }

    /**
     * What one transaction may publish and commit.
     *
     * @param results the results to publish, each partition's in offset order
     * @param nextOffsets per partition with anything committable, the offset to commit (the next record to read)
     * @param <R> what a finished record leaves to publish
     */
    public record Committable<R>(List<R> results, Map<TopicPartition, Long> nextOffsets) {

        /** Copies the lists. */
        public Committable {
            results = List.copyOf(results);
            nextOffsets = Map.copyOf(nextOffsets);
        }

        /** Whether there is nothing to commit. */
        public boolean isEmpty() {
            return nextOffsets.isEmpty();
        }
    }
}
