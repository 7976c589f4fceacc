package dev.grpo.streams.assembler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checked rollouts of open groups, kept in memory so that a group is checked once, on
 * arrival, rather than again when it is emitted. Bounded, least recently stored first out; a miss
 * (eviction, restart, rebalance) just checks the stored bytes again, so it never changes a result.
 */
final class DecodedMembers {

    private final Map<String, RolloutMember> byMemberKey;

    DecodedMembers(int capacity) {
        this.byMemberKey = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RolloutMember> eldest) {
                return size() > capacity;
            }
        };
    }

    void put(String memberKey, RolloutMember rollout) {
        byMemberKey.put(memberKey, rollout);
    }

    /** The rollout stored under {@code memberKey}, removed from the cache; null on a miss. */
    RolloutMember take(String memberKey) {
        return byMemberKey.remove(memberKey);
    }

    void forget(String memberKey) {
        byMemberKey.remove(memberKey);
    }
}
