package dev.grpo.streams.internal.assembler;

import dev.grpo.streams.spi.SourceRecord;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The assembler's private binary encoding of its state-store values: a {@link GroupState} per
 * group and the {@link SourceRecord} of each arrived member. Versioned by a leading byte, since
 * the changelog outlives a deployment: a reader takes every version up to the one it writes.
 *
 * <p>Group state version 2 is version 1 followed by the group's task (a presence byte, then the
 * string); a version-1 group reads with its task unknown. Source records are still version 1.
 */
final class GroupStateSerde {

    /** The version of group states written now; 2 added the task. */
    static final byte GROUP_VERSION = 2;
    private static final byte SOURCE_VERSION = 1;

    private GroupStateSerde() {
    }

    /** Serde of group states. */
    static Serde<GroupState> groups() {
        Writer<GroupState> writer = new Writer<>() {
            @Override
            public void write(StateOutput out, GroupState group) {
                writeGroup(out, group);
            }

            @Override
            public int sizeHint(GroupState group) {
                return 64 + 40 * group.members().size() + 64 * group.scores().size();
            }
        };
        return serde(GROUP_VERSION, writer, GroupStateSerde::readGroup);
    }

    /** Serde of stored source records. */
    static Serde<SourceRecord> members() {
        return serde(SOURCE_VERSION, GroupStateSerde::writeSource, (version, in) -> readSource(in));
    }

    private interface Writer<T> {
        void write(StateOutput out, T value);

        /** About how many bytes {@code value} takes, so the buffer rarely grows. */
        default int sizeHint(T value) {
            return 256;
        }
    }

    private interface Reader<T> {
        /** Reads a value written in {@code version}, one of 1 up to the version written now. */
        T read(byte version, DataInputStream in) throws IOException;
    }

    private static <T> Serde<T> serde(byte writtenVersion, Writer<T> writer, Reader<T> reader) {
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            StateOutput out = new StateOutput(writer.sizeHint(value));
            out.writeByte(writtenVersion);
            writer.write(out, value);
            return out.toByteArray();
        };
        Deserializer<T> deserializer = (topic, data) -> {
            if (data == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                byte version = in.readByte();
                if (version < 1 || version > writtenVersion) {
                    throw new SerializationException("assembler state version " + version + " is not one of 1.."
                            + writtenVersion + " (written by a newer assembler?)");
                }
                return reader.read(version, in);
            } catch (IOException | ArrayIndexOutOfBoundsException e) {
                throw new SerializationException("corrupt assembler state in " + topic, e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** Strings repeat across a group's scores (rollout ids, components, versions): each is written once, then referenced. */
    private static void writeGroup(StateOutput out, GroupState group) {
        Map<String, Integer> table = new LinkedHashMap<>();
        group.members().values().forEach(id -> table.putIfAbsent(id, table.size()));
        for (MemberScore score : group.scores()) {
            table.putIfAbsent(score.rolloutId(), table.size());
            table.putIfAbsent(score.component(), table.size());
            table.putIfAbsent(score.version(), table.size());
        }
        out.writeInt(table.size());
        for (String text : table.keySet()) {
            out.writeString(text);
        }
        out.writeInt(group.groupSize());
        out.writeLong(group.firstSeenMillis());
        out.writeLong(group.closedAtMillis());
        out.writeInt(group.members().size());
        for (var member : group.members().entrySet()) {
            out.writeInt(member.getKey());
            out.writeInt(table.get(member.getValue()));
        }
        out.writeInt(group.scores().size());
        for (MemberScore score : group.scores()) {
            out.writeInt(score.index());
            out.writeInt(table.get(score.rolloutId()));
            out.writeInt(table.get(score.component()));
            out.writeLong(Double.doubleToLongBits(score.value()));
            out.writeInt(table.get(score.version()));
            out.writeByte(score.pending() != null ? 1 : 0);
            if (score.pending() != null) {
                writeSource(out, score.pending());
            }
        }
        out.writeByte(group.task() != null ? 1 : 0);
        if (group.task() != null) {
            out.writeString(group.task());
        }
    }

    private static GroupState readGroup(byte version, DataInputStream in) throws IOException {
        String[] table = new String[in.readInt()];
        for (int i = 0; i < table.length; i++) {
            table[i] = readString(in);
        }
        int groupSize = in.readInt();
        long firstSeen = in.readLong();
        long closedAt = in.readLong();
        SortedMap<Integer, String> members = new TreeMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            members.put(in.readInt(), table[in.readInt()]);
        }
        List<MemberScore> scores = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            int index = in.readInt();
            String rolloutId = table[in.readInt()];
            String component = table[in.readInt()];
            double value = in.readDouble();
            String scoreVersion = table[in.readInt()];
            SourceRecord pending = in.readBoolean() ? readSource(in) : null;
            scores.add(new MemberScore(index, rolloutId, component, value, scoreVersion, pending));
        }
        String task = version >= 2 && in.readBoolean() ? readString(in) : null;
        return new GroupState(groupSize, task, firstSeen, closedAt, members, scores);
    }

    private static void writeSource(StateOutput out, SourceRecord source) {
        out.writeString(source.topic());
        out.writeInt(source.partition());
        out.writeLong(source.offset());
        out.writeBytes(source.key());
        out.writeBytes(source.value());
    }

    private static SourceRecord readSource(DataInputStream in) throws IOException {
        return new SourceRecord(readString(in), in.readInt(), in.readLong(), readBytes(in), readBytes(in));
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        return in.readNBytes(length);
    }

    /**
     * The big-endian layout of {@link java.io.DataOutputStream}, which wrote version 1, into a growing array without
     * its per-byte locking: the assembler writes a group's state once per record it takes in.
     */
    private static final class StateOutput {

        private byte[] buffer;
        private int size;

        StateOutput(int capacity) {
            buffer = new byte[capacity];
        }

        void writeByte(int value) {
            ensure(1);
            buffer[size++] = (byte) value;
        }

        void writeInt(int value) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                buffer[size++] = (byte) (value >>> shift);
            }
        }

        void writeLong(long value) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buffer[size++] = (byte) (value >>> shift);
            }
        }

        void writeString(String value) {
            writeBytes(value.getBytes(StandardCharsets.UTF_8));
        }

        void writeBytes(byte[] value) {
            writeInt(value == null ? -1 : value.length);
            if (value != null) {
                ensure(value.length);
                System.arraycopy(value, 0, buffer, size, value.length);
                size += value.length;
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }
}
