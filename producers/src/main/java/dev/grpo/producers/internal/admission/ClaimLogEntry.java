package dev.grpo.producers.internal.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One record of the claims log as every generator reads it: a claim of a slot for a version, the marker saying an
 * earlier claim's group was published, or anything else (void for everyone). Reading depends only on what the record
 * holds, so every generator reads the same entry.
 */
sealed interface ClaimLogEntry {

    /** The header holding a claim's lease in milliseconds (decimal text). */
    String LEASE_HEADER = "lease-ms";

    /** @return the record's offset in the claims log */
    long offset();

    /** @return the record's timestamp as stored in the log */
    Instant timestamp();

    /** @return the record's key: the generator that wrote it */
    String generatorId();

    /**
     * Reads one record.
     *
     * @param offset its offset
     * @param timestamp its timestamp as stored in the log
     * @param key its key
     * @param value its value: a version as decimal text (a claim) or {@code published:<claim offset>} (a marker)
     * @param leaseHeader the claim's {@value #LEASE_HEADER} header, or null when the record has none
     * @return what the record is
     */
    static ClaimLogEntry read(long offset, Instant timestamp, String key, String value, String leaseHeader) {
        if (value == null) {
            return new Unreadable(offset, timestamp, key, "no value");
        }
        if (value.startsWith(Published.PREFIX)) {
            Long claim = number(value.substring(Published.PREFIX.length()));
            return claim == null ? new Unreadable(offset, timestamp, key, "marker of no claim: " + value)
                    : new Published(offset, timestamp, key, claim);
        }
        Long version = number(value);
        if (version == null) {
            return new Unreadable(offset, timestamp, key, "holds no version: " + value);
        }
        if (leaseHeader == null) {
            // claims from before leases existed: the same fixed lease for every reader, so they cannot stall a run
            return new Claim(offset, timestamp, key, version, Claim.LEASE_OF_UNLEASED);
        }
        Long millis = number(leaseHeader);
        return millis == null || millis < 1
                ? new Unreadable(offset, timestamp, key, "lease is no length: " + leaseHeader)
                : new Claim(offset, timestamp, key, version, Duration.ofMillis(millis));
    }

    private static Long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A generator asks for a slot for a group it would sample with weights of {@code version}.
     *
     * @param offset the claim's offset: the slot, if granted
     * @param timestamp when the log took the claim: its lease starts here
     * @param generatorId the claiming generator
     * @param version the version the group would be sampled with
     * @param lease how long the slot stays counted without its published marker
     */
    record Claim(long offset, Instant timestamp, String generatorId, long version, Duration lease)
            implements ClaimLogEntry {

        /** The lease of claims written before claims carried one (the default of {@code --claim-lease}). */
        public static final Duration LEASE_OF_UNLEASED = Duration.ofMinutes(3);

        /** Requires a timestamp and a positive lease. */
        public Claim {
            Objects.requireNonNull(timestamp, "timestamp");
            if (lease.isZero() || lease.isNegative()) {
                throw new IllegalArgumentException("a claim's lease must be positive, got " + lease);
            }
        }

        /**
         * @param version a version
         * @return the value of a claim for it
         */
        public static String value(long version) {
            return Long.toString(version);
        }

        /**
         * @param lease a lease
         * @return the {@value #LEASE_HEADER} header's value for it
         */
        public static String leaseHeader(Duration lease) {
            return Long.toString(lease.toMillis());
        }
    }

    /**
     * A generator says the group of its claim at {@code claimOffset} was published (all its rollouts acknowledged).
     *
     * @param offset the marker's offset
     * @param timestamp when the log took the marker
     * @param generatorId the generator that published; only the claimer's marker counts
     * @param claimOffset the claim whose group it was
     */
    record Published(long offset, Instant timestamp, String generatorId, long claimOffset) implements ClaimLogEntry {

        static final String PREFIX = "published:";

        /**
         * @param claimOffset the offset of a granted claim
         * @return the value of its published marker
         */
        public static String value(long claimOffset) {
            return PREFIX + claimOffset;
        }
    }

    /**
     * A record that is neither: void for everyone, as a claim without a version always was.
     *
     * @param offset its offset
     * @param timestamp when the log took it
     * @param generatorId its key
     * @param why what is wrong with it
     */
    record Unreadable(long offset, Instant timestamp, String generatorId, String why) implements ClaimLogEntry {
    }
}
