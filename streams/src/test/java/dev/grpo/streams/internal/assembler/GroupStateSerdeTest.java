package dev.grpo.streams.internal.assembler;

import dev.grpo.streams.spi.SourceRecord;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupStateSerdeTest {

    @Test
    void roundTripsAGroupWithConfirmedAndPendingScores() {
        SourceRecord source = new SourceRecord("grpo.rewards.judge", 3, 42, "g".getBytes(), new byte[] {9, 8});
        TreeMap<Integer, String> members = new TreeMap<>();
        members.put(0, "g/0");
        GroupState state = new GroupState(4, "arithmetic", 1000, -1, members, List.of(
                new MemberScore(0, "g/0", "accuracy", 1.0, "accuracy-1", null),
                new MemberScore(2, "g/2", "judge", -0.25, "judge-\u4e00", source)));
        Serde<GroupState> serde = GroupStateSerde.groups();

        GroupState decoded = serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));

        assertThat(decoded).isEqualTo(state);
    }

    /** The layout version 1 wrote, before groups knew their task: what changelogs of earlier deployments hold. */
    private static final String VERSION_ONE_BODY = "00000004" + "00000003672f31" + "00000003616363"
            + "000000027631" + "00000003672f30" + "00000002" + "00000000000003e8" + "ffffffffffffffff"
            + "00000001" + "00000001" + "00000000" + "00000002"
            + "00000001" + "00000000" + "00000001" + "3fe0000000000000" + "00000002" + "00"
            + "00000000" + "00000003" + "00000001" + "bff0000000000000" + "00000002" + "01"
            + "0000000172" + "00000003" + "000000000000002a" + "ffffffff" + "000000020908";

    @Test
    void readsTheVersionOneLayoutThatExistingChangelogsHoldWithTheTaskUnknown() {
        byte[] versionOne = HexFormat.of().parseHex("01" + VERSION_ONE_BODY);

        GroupState decoded = GroupStateSerde.groups().deserializer().deserialize("t", versionOne);

        assertThat(decoded).isEqualTo(state(null));
    }

    @Test
    void writesVersionTwoAsVersionOneFollowedByTheTask() {
        Serializer<GroupState> serializer = GroupStateSerde.groups().serializer();

        assertThat(HexFormat.of().formatHex(serializer.serialize("t", state("code"))))
                .isEqualTo("02" + VERSION_ONE_BODY + "01" + "00000004" + "636f6465");
        assertThat(HexFormat.of().formatHex(serializer.serialize("t", state(null))))
                .isEqualTo("02" + VERSION_ONE_BODY + "00");
    }

    @Test
    void roundTripsAGroupWhoseTaskIsStillUnknown() {
        Serde<GroupState> serde = GroupStateSerde.groups();

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", state(null))))
                .isEqualTo(state(null));
    }

    private static GroupState state(String task) {
        SourceRecord source = new SourceRecord("r", 3, 42, null, new byte[] {9, 8});
        TreeMap<Integer, String> members = new TreeMap<>();
        members.put(1, "g/1");
        return new GroupState(2, task, 1000, -1, members, List.of(
                new MemberScore(1, "g/1", "acc", 0.5, "v1", null),
                new MemberScore(0, "g/0", "acc", -1.0, "v1", source)));
    }

    @Test
    void roundTripsSourceRecordsWithNullKeys() {
        SourceRecord source = new SourceRecord("grpo.rollouts", 0, 7, null, new byte[] {1});
        Serde<SourceRecord> serde = GroupStateSerde.members();

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", source))).isEqualTo(source);
    }

    @Test
    void rejectsStateOfAnotherVersion() {
        assertThatThrownBy(() -> GroupStateSerde.groups().deserializer().deserialize("t", new byte[] {7, 0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 7");
    }
}
