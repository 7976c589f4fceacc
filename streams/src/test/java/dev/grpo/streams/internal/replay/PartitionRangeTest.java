package dev.grpo.streams.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartitionRangeTest {

    @Test
    void holdsItsStartButNotItsEnd() {
        PartitionRange range = new PartitionRange(2, 10, 13);

        assertThat(range.contains(9)).isFalse();
        assertThat(range.contains(10)).isTrue();
        assertThat(range.contains(12)).isTrue();
        assertThat(range.contains(13)).isFalse();
        assertThat(range.text()).isEqualTo("2:10..13");
    }

    @Test
    void anEmptyRangeHoldsNothing() {
        PartitionRange empty = new PartitionRange(0, 5, 5);

        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.contains(5)).isFalse();
    }

    @Test
    void anEndBeforeTheStartIsNoRange() {
        assertThatThrownBy(() -> new PartitionRange(1, 8, 7)).hasMessage("partition 1: 8..7 is not a range");
        assertThatThrownBy(() -> new RetainedPartition(1, 4, 3)).hasMessageContaining("retained offsets 4..3");
    }
}
