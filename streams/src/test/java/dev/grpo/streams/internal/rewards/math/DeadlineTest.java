package dev.grpo.streams.internal.rewards.math;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private final AtomicLong clock = new AtomicLong(1_000);

    @Test
    void aCheckPassesUntilTheBudgetIsSpentAndFailsFromThenOn() {
        Deadline deadline = Deadline.after(Duration.ofNanos(100), clock::get);
        clock.addAndGet(99);
        assertThatCode(deadline::check).doesNotThrowAnyException();
        clock.addAndGet(1);
        assertThatThrownBy(deadline::check).isInstanceOf(DeadlineExceededException.class)
                .hasMessage("equivalence check ran out of time");
    }

    @Test
    void aHugeBudgetDoesNotOverflowIntoThePast() {
        clock.set(Long.MAX_VALUE / 2);
        Deadline deadline = Deadline.after(Duration.ofNanos(Long.MAX_VALUE), clock::get);
        assertThatCode(deadline::check).doesNotThrowAnyException();
    }
}
