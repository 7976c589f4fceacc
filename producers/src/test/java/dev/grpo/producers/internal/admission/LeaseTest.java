package dev.grpo.producers.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A lease ends at its claim's log time plus its length; its last fifth is kept free of publishing. */
class LeaseTest {

    private final Lease lease = new Lease(3, "gen", Instant.ofEpochSecond(100), Duration.ofMinutes(3));

    @Test
    void endsAtTheClaimsLogTimePlusItsLength() {
        assertThat(lease.endsAt()).isEqualTo(Instant.ofEpochSecond(280));
        assertThat(lease.endedBy(Instant.ofEpochSecond(280))).isTrue();
        assertThat(lease.endedBy(Instant.ofEpochSecond(280).minusMillis(1))).isFalse();
    }

    @Test
    void publishingMustStartBeforeTheLastFifth() {
        assertThat(lease.publishBy()).isEqualTo(Instant.ofEpochSecond(100 + 144));
    }
}
