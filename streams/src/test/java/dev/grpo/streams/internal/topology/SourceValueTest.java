package dev.grpo.streams.internal.topology;

import dev.grpo.records.Rollout;
import dev.grpo.schemas.DeadLetterReason;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.spi.SourceRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceValueTest {

    private final RecordSerde<Rollout> rollouts = RecordSerdes.rollout();

    private SourceValue<Rollout> read(byte[] value) {
        SourceRecord source = new SourceRecord("grpo.rollouts", 2, 40, "g-1".getBytes(StandardCharsets.UTF_8), value);
        return SourceValue.read(source, "a rollout record without a value",
                bytes -> rollouts.decode(source.topic(), source.partition(), source.offset(), bytes));
    }

    @Test
    void aDecodableValueIsRead() {
        Rollout rollout = TestRollouts.rollout("g-1", 0, 2, "579");
        SourceValue<Rollout> read = read(rollouts.encode(rollout));
        assertThat(read.readable()).isTrue();
        assertThat(read.value()).isEqualTo(rollout);
    }

    @Test
    void aMissingValueIsUnreadableWithTheGivenReason() {
        SourceValue<Rollout> read = read(null);
        assertThat(read.readable()).isFalse();
        assertThat(read.errorType()).isEqualTo(DeadLetterReason.NULL_VALUE);
        assertThat(read.reason()).isEqualTo("a rollout record without a value");
    }

    @Test
    void undecodableBytesAreUnreadableWithTheDecodingProblemAndCoordinates() {
        SourceValue<Rollout> read = read(new byte[] {(byte) 0xC3, 0x01, 1, 2});
        assertThat(read.readable()).isFalse();
        assertThat(read.errorType()).isEqualTo(DeadLetterReason.TRUNCATED);
        assertThat(read.reason()).contains("grpo.rollouts partition 2 offset 40");
    }
}
