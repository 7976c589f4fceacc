package dev.grpo.learner.internal.batch;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A group that waited longer than the group timeout for members that never came (lost upstream, or undecodable so
 * their group was never known); its received members are dead-lettered so its partition's resume point can move on.
 *
 * @param groupId the group
 * @param groupSize its declared size
 * @param members the members received, which must now be dead-lettered
 * @param missing the indexes that never arrived (the first few, for a large group)
 */
public record IncompleteGroup(String groupId, int groupSize, List<ReceivedSample> members, SortedSet<Integer> missing) {

    /** Copies the collections. */
    public IncompleteGroup {
        members = List.copyOf(members);
        missing = Collections.unmodifiableSortedSet(new TreeSet<>(missing));
    }
}
