package dev.grpo.producers.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.producers.internal.admission.ClaimLogEntry.Claim;
import dev.grpo.producers.internal.admission.ClaimLogEntry.Published;
import dev.grpo.producers.internal.admission.ClaimLogEntry.Unreadable;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A claims-log record is a claim (a decimal version, with its lease), a published marker, or void. */
class ClaimLogEntryTest {

    private static final Instant T = Instant.ofEpochMilli(1_000);

    @Test
    void aDecimalVersionWithALeaseHeaderIsAClaimForThatLease() {
        assertThat(ClaimLogEntry.read(4, T, "gen", Claim.value(7), Claim.leaseHeader(Duration.ofSeconds(3))))
                .isEqualTo(new Claim(4, T, "gen", 7, Duration.ofSeconds(3)));
    }

    @Test
    void aClaimFromBeforeLeasesGetsTheSameFixedLeaseForEveryReader() {
        assertThat(ClaimLogEntry.read(4, T, "gen", "7", null))
                .isEqualTo(new Claim(4, T, "gen", 7, Claim.LEASE_OF_UNLEASED));
    }

    @Test
    void aMarkerNamesTheClaimWhoseGroupWasPublished() {
        assertThat(ClaimLogEntry.read(9, T, "gen", Published.value(4), null)).isEqualTo(new Published(9, T, "gen", 4));
    }

    @Test
    void anythingElseIsVoid() {
        assertThat(ClaimLogEntry.read(1, T, "gen", "seven", null)).isInstanceOf(Unreadable.class);
        assertThat(ClaimLogEntry.read(1, T, "gen", null, null)).isInstanceOf(Unreadable.class);
        assertThat(ClaimLogEntry.read(1, T, "gen", "published:four", null)).isInstanceOf(Unreadable.class);
        assertThat(ClaimLogEntry.read(1, T, "gen", "7", "soon")).isInstanceOf(Unreadable.class);
        assertThat(ClaimLogEntry.read(1, T, "gen", "7", "0")).as("a lease of no length").isInstanceOf(Unreadable.class);
    }
}
