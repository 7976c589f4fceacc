package dev.grpo.producers.internal.admission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Decides whether this generator may start another group. While the ledger shows no room for the version in place
 * the gate waits (that time is the admission-control pause); when it shows room it appends a claim to the claims
 * log and waits for the log's verdict on it, which every generator computes the same way. A claim that lost a
 * race with another generator's is void, and the gate waits again. Claims of one generator are made one at a time.
 *
 * <p>When the only room is behind leases that have ended by the local clock but that no record has released yet, the
 * gate appends its claim anyway: the claim's log time is what releases them, for every reader. If the broker's clock
 * is behind ours the claim comes back void; such claims are spaced out, doubling from {@link #FIRST_RETRY} to
 * {@link #LAST_RETRY}, so a waiting generator never floods the log.
 */
public final class AdmissionGate {

    private static final Duration RECHECK = Duration.ofMillis(50);
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final ClaimLog log;
    private final ClaimLedger ledger;
    private final LongSupplier version;
    private final Clock clock;
    private final AdmissionWatch watch;
    private Duration retry = FIRST_RETRY;
    private Instant nextReleasingClaim = Instant.MIN;

    /**
     * @param log appends this generator's claims
     * @param ledger the replay of the claims log
     * @param version the version of the weights in place
     * @param clock the local time, for leases that have ended
     * @param watch is told how long admissions wait for room, while they wait, and each claim's verdict
     */
    public AdmissionGate(ClaimLog log, ClaimLedger ledger, LongSupplier version, Clock clock, AdmissionWatch watch) {
        this.log = log;
        this.ledger = ledger;
        this.version = version;
        this.clock = clock;
        this.watch = watch;
    }

    /**
     * Blocks until a group is granted, or {@code stopping} turns true while waiting for room.
     *
     * @param stopping checked while waiting: once true, no new claim is made
     * @return the admission, or empty when stopping
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized Optional<Admission> admit(BooleanSupplier stopping) throws InterruptedException {
        while (!stopping.getAsBoolean()) {
            long current = version.getAsLong();
            Instant now = clock.instant();
            ClaimReplay.Room room = ledger.room(current, now);
            if (room == ClaimReplay.Room.NONE
                    || room == ClaimReplay.Room.ONCE_LEASES_END && now.isBefore(nextReleasingClaim)) {
                long since = System.nanoTime();
                ledger.awaitProgress(RECHECK);
                watch.paused(Duration.ofNanos(System.nanoTime() - since));
                continue;
            }
            long slot = log.claim(current);
            Optional<Lease> lease = ledger.awaitVerdict(slot);
            watch.claimed(lease.isPresent());
            if (lease.isPresent()) {
                retry = FIRST_RETRY;
                return Optional.of(new Admission(slot, current, log.generatorId(), lease.get().publishBy()));
            }
            if (room == ClaimReplay.Room.ONCE_LEASES_END) {
                nextReleasingClaim = clock.instant().plus(retry);
                Duration doubled = retry.multipliedBy(2);
                retry = doubled.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : doubled;
            }
        }
        return Optional.empty();
    }

    /** Receives the time admissions spend waiting, as it passes (so a long stall shows while it lasts), and verdicts. */
    @FunctionalInterface
    public interface AdmissionWatch {
        /** @param paused a stretch of waiting for room under the staleness bound */
        void paused(Duration paused);

        /** @param granted whether a claim was granted, or came back void (another generator's won the slot) */
        default void claimed(boolean granted) {
        }
    }
}
