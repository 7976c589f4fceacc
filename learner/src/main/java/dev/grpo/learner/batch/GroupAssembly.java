package dev.grpo.learner.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Collects the members of each group as they arrive and releases whole groups, in the order they complete. A group is
 * complete once every index of {@code group_size} has either arrived as a valid sample or been rejected as bad input.
 */
public final class GroupAssembly {

    private final Map<String, PartialGroup> partial = new HashMap<>();
    private final Deque<TrainingGroup> ready = new ArrayDeque<>();

    /**
     * Adds a valid sample.
     *
     * @param received the sample
     * @return a rejection when its group already has a member with this index
     */
    public Optional<SampleRejection> add(ReceivedSample received) {
        PartialGroup group = group(received.sample().getGroupId().toString(), received.sample().getGroupSize());
        int index = received.sample().getIndex();
        if (!group.indexes.add(index)) {
            return Optional.of(new SampleRejection(SampleProblem.DUPLICATE_MEMBER,
                    "group " + group.id + " already has a member with index " + index));
        }
        group.members.add(received);
        release(group);
        return Optional.empty();
    }

    /**
     * Counts a rejected member, so its group can complete without it.
     *
     * @param groupId the group of the rejected sample
     * @param groupSize its group size
     * @param index its index
     */
    public void reject(String groupId, int groupSize, int index) {
        PartialGroup group = group(groupId, groupSize);
        if (group.indexes.add(index)) {
            release(group);
        }
    }

    private PartialGroup group(String id, int size) {
        return partial.computeIfAbsent(id, key -> new PartialGroup(key, size));
    }

    private void release(PartialGroup group) {
        if (group.indexes.size() < group.size) {
            return;
        }
        partial.remove(group.id);
        if (!group.members.isEmpty()) {
            group.members.sort(Comparator.comparingInt(m -> m.sample().getIndex()));
            ready.addLast(new TrainingGroup(group.id, group.members));
        }
    }

    /** @return whether a whole group is waiting */
    public boolean hasReady() {
        return !ready.isEmpty();
    }

    /** @return the number of whole groups waiting */
    public int readyCount() {
        return ready.size();
    }

    /** @return the oldest whole group, removed from the queue */
    public TrainingGroup takeReady() {
        return ready.removeFirst();
    }

    /**
     * Puts groups back at the head of the queue, keeping their order (a step that could not be filled).
     *
     * @param groups groups taken earlier
     */
    public void giveBack(List<TrainingGroup> groups) {
        for (int i = groups.size() - 1; i >= 0; i--) {
            ready.addFirst(groups.get(i));
        }
    }

    /** @return the number of groups still missing members */
    public int incompleteCount() {
        return partial.size();
    }

    private static final class PartialGroup {
        private final String id;
        private final int size;
        private final Set<Integer> indexes = new HashSet<>();
        private final List<ReceivedSample> members = new ArrayList<>();

        private PartialGroup(String id, int size) {
            this.id = id;
            this.size = size;
        }
    }
}
