package dev.grpo.streams.internal.assembler;

import dev.grpo.streams.internal.rewards.RewardComponents;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the assembler knows about one group: its size and task, which members (rollouts) have arrived,
 * the component scores received so far, and whether it is open or already closed (assembled or
 * expired; a closed group is remembered for a while so late or duplicate records are recognised).
 *
 * @param groupSize G
 * @param task the task of its prompt, from its first arrived member; null while only scores have arrived (and in
 *     state written before the assembler kept the task, where every weighted component is then required)
 * @param firstSeenMillis wall-clock time the assembler first saw a record of the group
 * @param closedAtMillis wall-clock time the group closed, or -1 while open
 * @param members rollout id of each arrived member, by index
 * @param scores every score received and not rejected
 */
record GroupState(int groupSize, String task, long firstSeenMillis, long closedAtMillis,
        SortedMap<Integer, String> members, List<MemberScore> scores) {

    GroupState {
        members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
        scores = List.copyOf(scores);
    }

    /** A new open group first seen at {@code now}. */
    static GroupState open(int groupSize, long now) {
        return new GroupState(groupSize, null, now, -1, new TreeMap<>(), List.of());
    }

    boolean isClosed() {
        return closedAtMillis >= 0;
    }

    /** The same group, closed at {@code now}, with its members and scores forgotten. */
    GroupState closed(long now) {
        return new GroupState(groupSize, task, firstSeenMillis, now, new TreeMap<>(), List.of());
    }

    /** The group with member {@code index} arrived; the first member to arrive tells the group's task. */
    GroupState withMember(int index, String rolloutId, String rolloutTask) {
        SortedMap<Integer, String> more = new TreeMap<>(members);
        more.put(index, rolloutId);
        return new GroupState(groupSize, task == null ? rolloutTask : task, firstSeenMillis, closedAtMillis, more, scores);
    }

    GroupState withScore(MemberScore score) {
        List<MemberScore> more = new ArrayList<>(scores);
        more.add(score);
        return new GroupState(groupSize, task, firstSeenMillis, closedAtMillis, members, more);
    }

    /** The same group without the given scores (rejected after their rollout arrived). */
    GroupState withoutScores(List<MemberScore> rejected) {
        List<MemberScore> kept = new ArrayList<>(scores);
        kept.removeAll(rejected);
        return new GroupState(groupSize, task, firstSeenMillis, closedAtMillis, members, kept);
    }

    /** The same group with the pending scores of {@code index} confirmed. */
    GroupState withScoresConfirmed(int index) {
        List<MemberScore> confirmed = scores.stream().map(s -> s.index() == index ? s.confirmed() : s).toList();
        return new GroupState(groupSize, task, firstSeenMillis, closedAtMillis, members, confirmed);
    }

    Optional<MemberScore> score(int index, String component) {
        return scores.stream().filter(s -> s.index() == index && s.component().equals(component)).findFirst();
    }

    /**
     * The components every member must have: the weighted ones that apply to the group's task, or every weighted
     * one while the task is unknown.
     */
    List<String> components(RewardComponents rewards) {
        return task == null ? List.copyOf(rewards.weights().keySet()) : rewards.componentsFor(task);
    }

    /** Whether every member has arrived with a score for every component that applies to the group's task. */
    boolean isComplete(RewardComponents rewards) {
        List<String> components = components(rewards);
        if (members.size() != groupSize || scores.size() < groupSize * components.size()) {
            return false;
        }
        Set<String> scored = new HashSet<>();
        for (MemberScore score : scores) {
            if (members.containsKey(score.index()) && components.contains(score.component())) {
                scored.add(score.index() + "\u0000" + score.component());
            }
        }
        return scored.size() == groupSize * components.size();
    }

    /** What is missing for the group to be complete, for a dead letter's reason. */
    String missing(RewardComponents rewards) {
        List<String> components = components(rewards);
        List<Integer> absent = new ArrayList<>();
        Map<Integer, List<String>> unscored = new LinkedHashMap<>();
        for (int index = 0; index < groupSize; index++) {
            if (!members.containsKey(index)) {
                absent.add(index);
            }
            for (String component : components) {
                if (score(index, component).isEmpty()) {
                    unscored.computeIfAbsent(index, i -> new ArrayList<>()).add(component);
                }
            }
        }
        return "missing members " + absent + ", missing components by member " + unscored;
    }
}
