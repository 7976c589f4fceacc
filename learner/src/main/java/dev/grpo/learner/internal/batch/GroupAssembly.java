package dev.grpo.learner.internal.batch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

/**
 * Collects the members of each group as they arrive and releases whole groups, in the order they complete. A group is
 * complete once every index of {@code group_size} has either arrived as a valid sample or been rejected.
 *
 * <p>Rejections are remembered until the group is settled (trained or forwarded), so a checkpoint can keep those of
 * the groups still open ({@link #openRejections()}): the rejected records are skipped after a restart, and without
 * them their groups would never complete again.
 */
public final class GroupAssembly {

    private final Map<String, PartialGroup> partial = new LinkedHashMap<>();
    private final Deque<TrainingGroup> ready = new ArrayDeque<>();
    private final Map<String, List<RejectedMember>> rejections = new HashMap<>();
    private final LongSupplier clock;

    /** An assembly timing groups by the wall clock. */
    public GroupAssembly() {
        this(System::nanoTime);
    }

    /** @param clock nanoseconds by which a group's waiting time is measured (the learner counts only polling time) */
    public GroupAssembly(LongSupplier clock) {
        this.clock = clock;
    }

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
        reject(new RejectedMember(groupId, groupSize, index));
    }

    /**
     * Counts a rejected member, so its group can complete without it, and remembers it until the group is settled.
     *
     * @param member the rejected member
     */
    public void reject(RejectedMember member) {
        PartialGroup group = group(member.groupId(), member.groupSize());
        if (group.indexes.add(member.index())) {
            remember(member);
            release(group);
        }
    }

    /**
     * Remembers a member of a released, not yet settled group that was forwarded rather than trained (stale), so a
     * checkpoint taken while the rest of its group waits keeps it.
     *
     * @param member the member set aside
     */
    public void setAside(RejectedMember member) {
        remember(member);
    }

    /**
     * Forgets a group's rejections: it was trained, or every member was forwarded or dead-lettered.
     *
     * @param groupId the group
     */
    public void settle(String groupId) {
        rejections.remove(groupId);
    }

    /** @return the rejected members of every group not yet settled, which a checkpoint must keep */
    public List<RejectedMember> openRejections() {
        return rejections.values().stream().flatMap(List::stream).toList();
    }

    private void remember(RejectedMember member) {
        rejections.computeIfAbsent(member.groupId(), id -> new ArrayList<>()).add(member);
    }

    private PartialGroup group(String id, int size) {
        return partial.computeIfAbsent(id, key -> new PartialGroup(key, size, clock.getAsLong()));
    }

    private void release(PartialGroup group) {
        if (group.indexes.size() < group.size) {
            return;
        }
        partial.remove(group.id);
        if (group.members.isEmpty()) {
            settle(group.id);
        } else {
            group.members.sort(Comparator.comparingInt(m -> m.sample().getIndex()));
            ready.addLast(new TrainingGroup(group.id, group.members));
        }
    }

    /**
     * Gives up on groups that have waited longer than {@code timeout} for their missing members; they are removed and
     * settled, and their received members returned for dead-lettering.
     *
     * @param timeout the longest a group may wait, by this assembly's clock
     * @return the groups given up on, oldest first
     */
    public List<IncompleteGroup> expire(Duration timeout) {
        long now = clock.getAsLong();
        List<IncompleteGroup> expired = new ArrayList<>();
        for (Iterator<PartialGroup> it = partial.values().iterator(); it.hasNext(); ) {
            PartialGroup group = it.next();
            if (now - group.openedAt > timeout.toNanos()) {
                it.remove();
                settle(group.id);
                expired.add(new IncompleteGroup(group.id, group.size, group.members, group.missing()));
            }
        }
        return expired;
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

    private static final int MISSING_NAMED = 32;

    private static final class PartialGroup {
        private final String id;
        private final int size;
        private final long openedAt;
        private final SortedSet<Integer> indexes = new TreeSet<>();
        private final List<ReceivedSample> members = new ArrayList<>();

        private PartialGroup(String id, int size, long openedAt) {
            this.id = id;
            this.size = size;
            this.openedAt = openedAt;
        }

        private SortedSet<Integer> missing() {
            SortedSet<Integer> missing = new TreeSet<>();
            // a group size is only bounded by int; name at most the first few missing indexes
            IntStream.range(0, size).filter(i -> !indexes.contains(i)).limit(MISSING_NAMED).forEach(missing::add);
            return missing;
        }
    }
}
