package dev.grpo.learner.internal.kafka;

import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Which records of each partition are done (trained on, forwarded as stale, or dead-lettered) and which are still
 * pending in a partial or waiting group. Records of different groups interleave, so a partition's resume point is its
 * oldest pending record, plus the list of done records above it that a resumed learner must skip.
 */
public final class ConsumedOffsets {

    private final Map<TopicPartition, NavigableSet<Long>> pending = new HashMap<>();
    private final Map<TopicPartition, NavigableSet<Long>> done = new HashMap<>();

    /**
     * Starts from a checkpoint's resume points.
     *
     * @param resumePoints per partition
     */
    public void restore(Map<TopicPartition, ResumePoint> resumePoints) {
        pending.clear();
        done.clear();
        resumePoints.forEach((partition, point) -> done.put(partition, new TreeSet<>(point.handled())));
    }

    /**
     * @param partition the partition
     * @param offset a record's offset
     * @return whether the record was done before the checkpoint this run resumed from, so must be skipped
     */
    public boolean isDone(TopicPartition partition, long offset) {
        return done.getOrDefault(partition, new TreeSet<>()).contains(offset);
    }

    /**
     * @param partition the partition
     * @param offset a record now buffered
     */
    public void received(TopicPartition partition, long offset) {
        pending.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
    }

    /**
     * @param partition the partition
     * @param offset a record now done
     */
    public void handled(TopicPartition partition, long offset) {
        NavigableSet<Long> waiting = pending.get(partition);
        if (waiting != null) {
            waiting.remove(offset);
        }
        done.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
    }

    /**
     * @param positions each partition's consumer position (the next offset a poll returns)
     * @return where a learner restarted from this moment must resume each partition
     */
    public Map<TopicPartition, ResumePoint> resumePoints(Map<TopicPartition, Long> positions) {
        Map<TopicPartition, ResumePoint> points = new HashMap<>();
        positions.forEach((partition, position) -> {
            NavigableSet<Long> waiting = pending.getOrDefault(partition, new TreeSet<>());
            long resume = waiting.isEmpty() ? position : waiting.first();
            NavigableSet<Long> finished = done.getOrDefault(partition, new TreeSet<>());
            finished.headSet(resume, false).clear();
            // done offsets at or past the position exist too: forwards read back from the outputs after a restart
            points.put(partition, new ResumePoint(resume, List.copyOf(finished)));
        });
        return points;
    }
}
