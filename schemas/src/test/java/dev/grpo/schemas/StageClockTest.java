package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StageClockTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(5 * SECOND);
    private final StageClock clock = new StageClock(now::get);

    @Test
    void aStageThatNeverWorksIsIdleForItsWholeWallTime() {
        now.addAndGet(3 * SECOND);

        assertThat(clock.time()).isEqualTo(new StageTime(0, 3));
    }

    @Test
    void workIsBusyAndTheRestIsIdle() {
        now.addAndGet(SECOND);
        try (StageClock.Busy busy = clock.busy()) {
            now.addAndGet(2 * SECOND);
        }
        now.addAndGet(SECOND);

        assertThat(clock.time()).isEqualTo(new StageTime(2, 2));
    }

    @Test
    void overlappingStretchesCountOnce() {
        StageClock.Busy first = clock.busy();
        now.addAndGet(SECOND);
        StageClock.Busy second = clock.busy();
        now.addAndGet(SECOND);
        first.close();
        now.addAndGet(SECOND);
        second.close();
        now.addAndGet(SECOND);

        assertThat(clock.time()).isEqualTo(new StageTime(3, 1));
    }

    @Test
    void workInProgressCountsAsBusySoFar() {
        clock.busy();
        now.addAndGet(2 * SECOND);

        assertThat(clock.time()).isEqualTo(new StageTime(2, 0));
    }

    @Test
    void closingAStretchTwiceEndsItOnce() {
        StageClock.Busy outer = clock.busy();
        StageClock.Busy inner = clock.busy();
        inner.close();
        inner.close();
        now.addAndGet(SECOND);

        assertThat(clock.time().busySeconds()).isEqualTo(1);
        outer.close();
    }

    @Test
    void theBusyShareIsOfTheWallTime() {
        StageTime time = new StageTime(3, 1);

        assertThat(time.busyShare()).isEqualTo(0.75);
        assertThat(time.plus(new StageTime(1, 3)).busyShare()).isEqualTo(0.5);
        assertThat(StageTime.ZERO.busyShare()).isZero();
        assertThat(time.summary()).isEqualTo("busy 3.0 s, idle 1.0 s (75 % busy)");
    }

    @Test
    void aNegativeTimeIsRefused() {
        assertThatThrownBy(() -> new StageTime(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stage time must be >= 0, got busy -1.0 s, idle 0.0 s");
    }
}
