package dev.grpo.streams.internal.assembler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checked rollouts of open groups, kept in memory so that a group is checked once, on arrival,
 * and its bytes need not be stored: the member store keeps only where each rollout lies in the log.
 * Bounded by bytes, least recently stored first out; a miss (eviction, restart, rebalance) reads the
 * rollout back from the log, so it never changes a result.
 */
final class DecodedMembers {

    private final long capacityBytes;
    private final Map<String, RolloutMember> byMemberKey = new LinkedHashMap<>();
    private long bytes;

    DecodedMembers(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    void put(String memberKey, RolloutMember rollout) {
        forget(memberKey);
        byMemberKey.put(memberKey, rollout);
        bytes += rollout.layout().bytes().length;
        var eldest = byMemberKey.entrySet().iterator();
        while (bytes > capacityBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().layout().bytes().length;
            eldest.remove();
        }
    }

    /** The rollout stored under {@code memberKey}; null on a miss. */
    RolloutMember get(String memberKey) {
        return byMemberKey.get(memberKey);
    }

    void forget(String memberKey) {
        RolloutMember gone = byMemberKey.remove(memberKey);
        if (gone != null) {
            bytes -= gone.layout().bytes().length;
        }
    }
}
