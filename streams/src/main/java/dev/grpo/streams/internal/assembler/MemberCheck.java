package dev.grpo.streams.internal.assembler;

import dev.grpo.records.RewardScore;
import dev.grpo.schemas.DeadLetterReason;
import dev.grpo.streams.spi.SourceRecord;
import dev.grpo.streams.spi.StreamTopics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The assembler's checks of an arriving rollout or score, each answering with why the record must be
 * dead-lettered (its typed reason and the message), or empty when it is acceptable.
 */
final class MemberCheck {

    /**
     * The longest id, component name or reward version (in UTF-8 bytes) the assembler takes. A group's state holds
     * them for each of up to {@code groups.max-size} members and is written to its changelog whole, so a single
     * absurd one (a record may be megabytes) must not reach it; real ones are a few dozen bytes.
     */
    static final int MAX_LABEL_BYTES = 512;

    private MemberCheck() {
    }

    /** Checks of a rollout on its own: key, group size, index, id. */
    static Optional<MemberRejection> ofRollout(SourceRecord source, RolloutMember rollout, int maxGroupSize) {
        return label("group_id", rollout.groupId())
                .or(() -> label("rollout_id", rollout.rolloutId()))
                .or(() -> key(source, rollout.groupId()))
                .or(() -> shape(rollout.groupId(), rollout.groupSize(), rollout.index(), maxGroupSize))
                .or(() -> rollout.rolloutId().isBlank()
                        ? Optional.of("rollout " + rollout.index() + " of group " + rollout.groupId() + " has no rollout_id")
                        : Optional.empty())
                .map(MemberRejection::invalidRollout);
    }

    /** Checks of a score on its own: ids, key, group size, index, finite value, component matching its topic. */
    static Optional<MemberRejection> ofScore(SourceRecord source, RewardScore score, StreamTopics topics,
            int maxGroupSize) {
        Optional<String> invalid = label("group_id", score.getGroupId())
                .or(() -> label("rollout_id", score.getRolloutId()))
                .or(() -> label("component", score.getComponent()))
                .or(() -> label("reward_version", score.getRewardVersion()))
                .or(() -> key(source, score.getGroupId()))
                .or(() -> shape(score.getGroupId(), score.getGroupSize(), score.getIndex(), maxGroupSize));
        if (invalid.isEmpty() && !Double.isFinite(score.getValue())) {
            return Optional.of(new MemberRejection(DeadLetterReason.NON_FINITE_REWARD, "non-finite reward "
                    + score.getValue() + " for component '" + score.getComponent() + "' of rollout '"
                    + score.getRolloutId() + "'"));
        }
        return invalid.or(() -> componentMatchesTopic(topics, source.topic(), score.getComponent()))
                .map(MemberRejection::invalidReward);
    }

    /** Checks of a rollout against the group it claims to belong to. */
    static Optional<MemberRejection> rolloutAgainstGroup(GroupState group, RolloutMember rollout) {
        if (group.isClosed()) {
            return Optional.of(MemberRejection.invalidRollout("duplicate member: rollout " + rollout.index()
                    + " of group " + rollout.groupId() + ", which was already assembled or expired"));
        }
        return groupSize(group, rollout.groupId(), rollout.groupSize(), "rollout").map(MemberRejection::invalidRollout);
    }

    /** Checks of a score against the group it claims to belong to. */
    static Optional<MemberRejection> scoreAgainstGroup(GroupState group, RewardScore score) {
        if (group.isClosed()) {
            return Optional.of(new MemberRejection(DeadLetterReason.UNKNOWN_ROLLOUT, "reward for unknown rollout: member "
                    + score.getIndex() + " of group " + score.getGroupId() + ", which was already assembled or expired"));
        }
        return groupSize(group, score.getGroupId(), score.getGroupSize(), "reward").map(MemberRejection::invalidReward);
    }

    private static Optional<String> groupSize(GroupState group, String groupId, int groupSize, String what) {
        if (group.groupSize() != groupSize) {
            return Optional.of("inconsistent group size: group " + groupId + " has G=" + group.groupSize() + " but this "
                    + what + " says G=" + groupSize);
        }
        return Optional.empty();
    }

    /** A second rollout for the same index, or the same rollout id at a second index. */
    static Optional<MemberRejection> duplicateRollout(GroupState group, RolloutMember rollout) {
        String present = group.members().get(rollout.index());
        if (present != null) {
            return Optional.of(MemberRejection.invalidRollout("duplicate member: group " + rollout.groupId() + " already has index " + rollout.index()
                    + " (rollout '" + present + "'), got rollout '" + rollout.rolloutId() + "'"));
        }
        if (group.members().containsValue(rollout.rolloutId())) {
            return Optional.of(MemberRejection.invalidRollout("duplicate member: rollout '" + rollout.rolloutId()
                    + "' already arrived under another index"));
        }
        return Optional.empty();
    }

    /** A rollout of another task than its group's: members of a group share one prompt, so one task. */
    static Optional<MemberRejection> sameTask(GroupState group, RolloutMember rollout) {
        if (group.task() == null || group.task().equals(rollout.task())) {
            return Optional.empty();
        }
        return Optional.of(MemberRejection.invalidRollout("inconsistent task: group " + rollout.groupId()
                + " is of task '" + group.task() + "' but rollout '" + rollout.rolloutId() + "' says '" + rollout.task()
                + "'"));
    }

    /** A score for a rollout that is not the group's member at its index, or a second score for one component. */
    static Optional<MemberRejection> duplicateScore(GroupState group, RewardScore score) {
        String member = group.members().get(score.getIndex());
        if (member != null && !member.equals(score.getRolloutId())) {
            return Optional.of(new MemberRejection(DeadLetterReason.UNKNOWN_ROLLOUT, "reward for unknown rollout '"
                    + score.getRolloutId() + "': member " + score.getIndex() + " of group " + score.getGroupId()
                    + " is '" + member + "'"));
        }
        if (group.score(score.getIndex(), score.getComponent()).isPresent()) {
            return Optional.of(MemberRejection.invalidReward("duplicate reward: component '" + score.getComponent()
                    + "' for member " + score.getIndex() + " of group " + score.getGroupId() + " was already received"));
        }
        return Optional.empty();
    }

    private static Optional<String> label(String field, String value) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        return bytes <= MAX_LABEL_BYTES ? Optional.empty()
                : Optional.of(field + " of " + bytes + " bytes is longer than the " + MAX_LABEL_BYTES
                        + " bytes the assembler takes: '" + value.substring(0, 64) + "…'");
    }

    private static Optional<String> key(SourceRecord source, String groupId) {
        String key = source.key() == null ? null : new String(source.key(), StandardCharsets.UTF_8);
        return groupId.equals(key) ? Optional.empty()
                : Optional.of("record key '" + key + "' is not its group_id '" + groupId + "' (records must be keyed by group id)");
    }

    private static Optional<String> shape(String groupId, int groupSize, int index, int maxGroupSize) {
        if (groupSize < 1 || groupSize > maxGroupSize) {
            return Optional.of("wrong group size: group " + groupId + " says G=" + groupSize + ", expected 1.." + maxGroupSize);
        }
        if (index < 0 || index >= groupSize) {
            return Optional.of("wrong index: " + index + " is outside 0.." + (groupSize - 1) + " in group " + groupId);
        }
        return Optional.empty();
    }

    private static Optional<String> componentMatchesTopic(StreamTopics topics, String topic, String component) {
        return topics.componentOf(topic).filter(expected -> !expected.equals(component))
                .map(expected -> "component '" + component + "' published on " + topic + ", which holds '" + expected + "'");
    }
}
