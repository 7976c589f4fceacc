package dev.grpo.streams.internal.assembler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.records.Rollout;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.internal.topology.TestRollouts;
import org.junit.jupiter.api.Test;

class DecodedMembersTest {

    private final RecordSerde<Rollout> rollouts = RecordSerdes.rollout();

    private RolloutMember member(String groupId, int index) {
        return RolloutMember.of(rollouts.layout("t", 0, index,
                rollouts.encode(TestRollouts.rollout(groupId, index, 4, "579"))));
    }

    @Test
    void keepsMembersUntilTheirBytesExceedTheCapacityThenDropsTheOldestFirst() {
        RolloutMember first = member("g", 0);
        int size = first.layout().bytes().length;
        DecodedMembers cache = new DecodedMembers(3L * size);
        cache.put("g/0", first);
        cache.put("g/1", member("g", 1));
        cache.put("g/2", member("g", 2));
        assertThat(cache.get("g/0")).isSameAs(first);

        cache.put("g/3", member("g", 3));

        assertThat(cache.get("g/0")).isNull();
        assertThat(cache.get("g/1")).isNotNull();
        assertThat(cache.get("g/3")).isNotNull();
    }

    @Test
    void forgettingAMemberFreesItsBytes() {
        RolloutMember first = member("g", 0);
        DecodedMembers cache = new DecodedMembers(2L * first.layout().bytes().length);
        cache.put("g/0", first);
        cache.put("g/1", member("g", 1));
        cache.forget("g/0");

        cache.put("g/2", member("g", 2));

        assertThat(cache.get("g/1")).isNotNull();
        assertThat(cache.get("g/2")).isNotNull();
    }

    @Test
    void storingAMemberAgainReplacesIt() {
        DecodedMembers cache = new DecodedMembers(1L << 20);
        cache.put("g/0", member("g", 0));
        RolloutMember again = member("g", 0);
        cache.put("g/0", again);
        assertThat(cache.get("g/0")).isSameAs(again);
    }
}
