package dev.grpo.streams;

import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayPositionTest {

    @Test
    void readsTheFourKindsOfPosition() {
        assertThat(ReplayPosition.parse("earliest")).isEqualTo(new ReplayPosition.Earliest());
        assertThat(ReplayPosition.parse("offset:120")).isEqualTo(new ReplayPosition.Offset(120));
        assertThat(ReplayPosition.parse("version:7")).isEqualTo(new ReplayPosition.Version(7));
        assertThat(ReplayPosition.parse("timestamp:2026-11-22T14:05:00Z"))
                .isEqualTo(new ReplayPosition.Timestamp(Instant.parse("2026-11-22T14:05:00Z")));
    }

    @Test
    void readsATimestampInEpochMillisecondsToo() {
        assertThat(ReplayPosition.parse("timestamp:1000")).isEqualTo(new ReplayPosition.Timestamp(Instant.ofEpochMilli(1000)));
    }

    @Test
    void writesThePositionAsItIsRead() {
        for (String text : new String[] {"earliest", "offset:0", "version:12", "timestamp:2026-11-22T14:05:00Z"}) {
            assertThat(ReplayPosition.parse(text).text()).isEqualTo(text);
        }
    }

    @Test
    void anUnreadablePositionSaysWhatIsExpectedInOneLine() {
        assertThatThrownBy(() -> ReplayPosition.parse("yesterday"))
                .hasMessage("cannot read the position 'yesterday' (no kind); expected earliest, offset:N, "
                        + "timestamp:T (ISO-8601 or epoch ms) or version:V");
        assertThatThrownBy(() -> ReplayPosition.parse("offset:ten")).hasMessageContaining("'ten' is not a whole number");
        assertThatThrownBy(() -> ReplayPosition.parse("offset:-1")).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> ReplayPosition.parse("timestamp:14:05")).hasMessageContaining("not an ISO-8601 instant");
        assertThatThrownBy(() -> ReplayPosition.parse("epoch:5")).hasMessageContaining("unknown kind 'epoch'");
        assertThatThrownBy(() -> ReplayPosition.parse(null)).hasMessageContaining("'null'");
    }
}
