package dev.grpo.producers.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.producers.internal.admission.ClaimLogEntry.Claim;
import dev.grpo.producers.internal.admission.ClaimLogEntry.Published;
import dev.grpo.producers.internal.admission.ClaimLogEntry.Unreadable;
import dev.grpo.producers.internal.admission.ClaimReplay.Outcome;
import dev.grpo.producers.internal.admission.ClaimReplay.Reading;
import dev.grpo.producers.internal.admission.ClaimReplay.Room;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The claims log's verdicts from its records alone: claims are granted under the rule's limit over the slots counted,
 * a published marker keeps its slot counted for good, and a slot whose group is not marked published within its
 * claim's lease is released by the first record stamped at or after the lease's end.
 */
class ClaimReplayTest {

    private static final Duration LEASE = Duration.ofSeconds(3);

    /** η = 0 and two groups per step: two slots per version. */
    private final ClaimReplay replay = new ClaimReplay(new AdmissionRule(2, 0));
    private long nextOffset;

    private Reading claim(String generator, long version, long atMillis) {
        return claim(generator, version, atMillis, LEASE);
    }

    private Reading claim(String generator, long version, long atMillis, Duration lease) {
        return replay.read(new Claim(nextOffset++, at(atMillis), generator, version, lease));
    }

    private Reading published(String generator, long slot, long atMillis) {
        return replay.read(new Published(nextOffset++, at(atMillis), generator, slot));
    }

    private static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    @Test
    void claimsAreGrantedInLogOrderUntilTheRulesLimitForTheirVersion() {
        assertThat(claim("a", 0, 0).outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(claim("b", 0, 10).outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(claim("b", 0, 20).outcome()).isEqualTo(Outcome.VOID);
        assertThat(claim("a", 1, 30).outcome()).as("version 1 may have four slots").isEqualTo(Outcome.GRANTED);
        assertThat(replay.counted()).isEqualTo(3);
    }

    @Test
    void aSlotMarkedPublishedWithinItsLeaseCountsForGood() {
        claim("a", 0, 0);
        claim("a", 0, 0);

        assertThat(published("a", 0, 2_000).outcome()).isEqualTo(Outcome.PUBLISHED);
        assertThat(published("a", 1, 2_100).outcome()).isEqualTo(Outcome.PUBLISHED);
        assertThat(claim("b", 0, 60_000).outcome()).as("long after the lease").isEqualTo(Outcome.VOID);
        assertThat(replay.counted()).isEqualTo(2);
    }

    @Test
    void aSlotNotMarkedPublishedIsReleasedByTheFirstRecordStampedAtOrAfterItsLeasesEnd() {
        claim("a", 0, 1_000);
        claim("b", 0, 1_500);
        published("b", 1, 1_600);

        Reading early = claim("b", 0, 3_999);
        Reading due = claim("b", 0, 4_000);

        assertThat(early.outcome()).as("a millisecond before a's lease ends").isEqualTo(Outcome.VOID);
        assertThat(early.released()).isEmpty();
        assertThat(due.released()).containsExactly(new Lease(0, "a", at(1_000), LEASE));
        assertThat(due.outcome()).as("the claim that released a's slot takes it").isEqualTo(Outcome.GRANTED);
        assertThat(replay.counted()).isEqualTo(2);
    }

    @Test
    void anyRecordReleasesEndedLeasesEvenOneThatDecidesNothing() {
        claim("a", 0, 0);

        Reading garbage = replay.read(new Unreadable(nextOffset++, at(5_000), "x", "holds no version: hello"));

        assertThat(garbage.outcome()).isEqualTo(Outcome.UNREADABLE);
        assertThat(garbage.released()).extracting(Lease::slot).containsExactly(0L);
        assertThat(replay.counted()).isZero();
    }

    @Test
    void aMarkerReadAfterTheLeaseEndedLeavesTheSlotReleased() {
        claim("a", 0, 0);
        claim("b", 0, 3_500);
        assertThat(replay.counted()).as("b's claim released a's slot and took one").isEqualTo(1);

        assertThat(published("a", 0, 3_600).outcome()).isEqualTo(Outcome.LATE);
        assertThat(replay.counted()).isEqualTo(1);
        assertThat(claim("c", 0, 3_700).outcome()).isEqualTo(Outcome.GRANTED);
    }

    @Test
    void aMarkerStampedAtTheLeasesEndComesTooLateItself() {
        claim("a", 0, 0);

        Reading marker = published("a", 0, 3_000);

        assertThat(marker.released()).extracting(Lease::slot).containsExactly(0L);
        assertThat(marker.outcome()).isEqualTo(Outcome.LATE);
        assertThat(replay.counted()).isZero();
    }

    @Test
    void onlyTheClaimersMarkerSettlesItsLeaseAndOnlyOnce() {
        claim("a", 0, 0);

        assertThat(published("b", 0, 100).outcome()).as("not b's claim").isEqualTo(Outcome.IGNORED);
        assertThat(published("a", 7, 200).outcome()).as("no such claim").isEqualTo(Outcome.IGNORED);
        assertThat(claim("b", 0, 3_000).released()).as("still leased, so released at its end").hasSize(1);
        assertThat(published("a", 0, 3_100).outcome()).isEqualTo(Outcome.LATE);
        assertThat(published("a", 0, 3_200).outcome()).as("a repeated marker").isEqualTo(Outcome.IGNORED);
    }

    @Test
    void eachClaimIsHeldForTheLeaseItAskedForWhateverTheReadersOwnSetting() {
        claim("short", 0, 0, Duration.ofSeconds(1));
        claim("long", 0, 0, Duration.ofMinutes(10));

        Reading later = claim("c", 0, 60_000);

        assertThat(later.released()).extracting(Lease::generatorId).containsExactly("short");
        assertThat(later.outcome()).isEqualTo(Outcome.GRANTED);
    }

    @Test
    void roomPredictsWhetherAClaimAppendedNowWouldReleaseEndedLeases() {
        claim("a", 0, 0);
        assertThat(replay.room(0, at(0))).isEqualTo(Room.FREE);
        claim("b", 0, 1_000);

        assertThat(replay.room(0, at(2_999))).isEqualTo(Room.NONE);
        assertThat(replay.room(0, at(3_000))).isEqualTo(Room.ONCE_LEASES_END);
        assertThat(replay.counted()).as("a prediction releases nothing").isEqualTo(2);
        assertThat(replay.room(1, at(0))).as("the next version has room anyway").isEqualTo(Room.FREE);
    }

    @Test
    void aPublishedSlotIsNoLongerOutstandingAndAReleasedOneNeither() {
        claim("a", 0, 0);
        claim("b", 0, 0);
        published("a", 0, 100);

        assertThat(replay.outstanding(0)).isEmpty();
        assertThat(replay.outstanding(1)).contains(new Lease(1, "b", at(0), LEASE));
        claim("c", 1, 3_000);
        assertThat(replay.outstanding(1)).isEmpty();
    }

    @Test
    void everyReaderOfTheSameLogReachesTheSameVerdictsWhenever() {
        Random random = new Random(13);
        List<ClaimLogEntry> log = new ArrayList<>();
        long millis = 0;
        List<Long> claims = new ArrayList<>();
        for (long offset = 0; offset < 400; offset++) {
            millis += random.nextInt(700);
            String generator = "g" + random.nextInt(3);
            if (!claims.isEmpty() && random.nextInt(3) == 0) {
                long slot = claims.get(random.nextInt(claims.size()));
                log.add(new Published(offset, at(millis), generator, slot));
            } else {
                claims.add(offset);
                Duration lease = Duration.ofMillis(500 + random.nextInt(3_000));
                log.add(new Claim(offset, at(millis), generator, offset / 10, lease));
            }
        }

        List<Outcome> first = log.stream().map(new ClaimReplay(new AdmissionRule(2, 1))::read).map(Reading::outcome)
                .toList();
        List<Outcome> second = log.stream().map(new ClaimReplay(new AdmissionRule(2, 1))::read).map(Reading::outcome)
                .toList();

        assertThat(second).isEqualTo(first);
        assertThat(first).contains(Outcome.GRANTED, Outcome.VOID, Outcome.PUBLISHED, Outcome.LATE, Outcome.IGNORED);
    }
}
