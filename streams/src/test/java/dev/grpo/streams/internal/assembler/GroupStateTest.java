package dev.grpo.streams.internal.assembler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.TopologySettings;
import dev.grpo.streams.internal.rewards.RewardComponents;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupStateTest {

    private static final RewardComponents MIXED = TopologySettings.components(RewardConfig.defaults().with(
            Map.of("weight.code", "1.0", "tasks.code", "code", "tasks.accuracy", "arithmetic")));

    @Test
    void theFirstArrivingMemberTellsTheGroupsTask() {
        GroupState group = GroupState.open(2, 0);
        assertThat(group.task()).isNull();

        group = group.withMember(1, "g/1", "code").withMember(0, "g/0", "arithmetic");

        assertThat(group.task()).isEqualTo("code");
    }

    @Test
    void aGroupRequiresTheComponentsOfItsTaskOrEveryComponentWhileItsTaskIsUnknown() {
        assertThat(GroupState.open(1, 0).components(MIXED))
                .containsExactly("accuracy", "format", "language_consistency", "code");
        assertThat(GroupState.open(1, 0).withMember(0, "g/0", "arithmetic").components(MIXED))
                .containsExactly("accuracy", "format", "language_consistency");
        assertThat(GroupState.open(1, 0).withMember(0, "g/0", "code").components(MIXED))
                .containsExactly("format", "language_consistency", "code");
    }

    @Test
    void anArithmeticGroupIsCompleteWithoutACodeScore() {
        GroupState group = scored(GroupState.open(2, 0).withMember(0, "g/0", "arithmetic").withMember(1, "g/1", "arithmetic"),
                "accuracy", "format", "language_consistency");

        assertThat(group.isComplete(MIXED)).isTrue();
        assertThat(group.isComplete(TopologySettings.components(RewardConfig.defaults().with(Map.of("weight.code", "1.0"))))).isFalse();
    }

    @Test
    void aCodeGroupIsCompleteOnlyWithItsCodeScores() {
        GroupState members = GroupState.open(2, 0).withMember(0, "g/0", "code").withMember(1, "g/1", "code");
        GroupState withoutCode = scored(members, "accuracy", "format", "language_consistency");

        assertThat(withoutCode.isComplete(MIXED)).isFalse();
        assertThat(withoutCode.missing(MIXED)).isEqualTo("missing members [], missing components by member "
                + "{0=[code], 1=[code]}");
        assertThat(scored(members, "format", "language_consistency", "code").isComplete(MIXED)).isTrue();
    }

    private static GroupState scored(GroupState group, String... components) {
        for (int index : group.members().keySet()) {
            for (String component : components) {
                group = group.withScore(new MemberScore(index, "g/" + index, component, 1.0, "v", null));
            }
        }
        return group;
    }
}
