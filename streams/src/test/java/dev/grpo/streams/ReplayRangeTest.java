package dev.grpo.streams;

import dev.grpo.streams.internal.replay.HistoryPosition;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayRangeTest {

    @Test
    void anOpenRangeRunsToTheEndOfTheHistory() {
        ReplayRange range = ReplayRange.from(new ReplayPosition.Version(3));

        assertThat(range.to()).isEmpty();
        assertThat(range.text()).isEqualTo("--from version:3");
    }

    @Test
    void aBoundedRangeNamesBothEnds() {
        ReplayRange range = ReplayRange.from(new ReplayPosition.Offset(10)).to(new ReplayPosition.Offset(20));

        assertThat(range.to()).contains(new ReplayPosition.Offset(20));
        assertThat(range.text()).isEqualTo("--from offset:10 --to offset:20");
    }

    @Test
    void theBoundsResolveEveryKindOfPositionAsTheCommandLineSpelledIt() {
        Instant instant = Instant.parse("2026-01-02T00:00:00Z");

        assertThat(ReplayRange.from(ReplayPosition.parse("earliest")).start())
                .isEqualTo(new HistoryPosition.Earliest("earliest"));
        assertThat(ReplayRange.from(new ReplayPosition.Offset(10)).to(new ReplayPosition.Timestamp(instant)).end())
                .contains(new HistoryPosition.Timestamp(instant, "timestamp:" + instant));
        assertThat(ReplayRange.from(new ReplayPosition.Offset(10)).start())
                .isEqualTo(new HistoryPosition.Offset(10, "offset:10"));
        assertThat(ReplayRange.from(new ReplayPosition.Version(3)).start())
                .isEqualTo(new HistoryPosition.Version(3, "version:3"));
        assertThat(ReplayRange.from(new ReplayPosition.Version(3)).end()).isEmpty();
    }

    @Test
    void anEndBeforeTheStartOfTheSameKindIsRefused() {
        assertThatThrownBy(() -> ReplayRange.from(new ReplayPosition.Offset(20)).to(new ReplayPosition.Offset(10)))
                .hasMessage("--to offset:10 is before --from offset:20");
        assertThatThrownBy(() -> new ReplayRange(new ReplayPosition.Timestamp(Instant.parse("2026-01-02T00:00:00Z")),
                Optional.of(new ReplayPosition.Timestamp(Instant.parse("2026-01-01T00:00:00Z")))))
                .hasMessageContaining("is before --from");
        assertThatThrownBy(() -> ReplayRange.from(new ReplayPosition.Version(5)).to(new ReplayPosition.Version(4)))
                .hasMessageContaining("is before --from");
    }

    @Test
    void anEndAtTheEarliestPositionIsRefusedAsEmpty() {
        assertThatThrownBy(() -> ReplayRange.from(new ReplayPosition.Offset(0)).to(new ReplayPosition.Earliest()))
                .hasMessage("--to earliest would replay nothing");
    }

    @Test
    void positionsOfDifferentKindsAreOrderedPerPartitionLater() {
        assertThat(ReplayRange.from(new ReplayPosition.Version(9)).to(new ReplayPosition.Offset(0)).to()).isPresent();
    }
}
