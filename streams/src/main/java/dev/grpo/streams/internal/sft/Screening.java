package dev.grpo.streams.internal.sft;

import dev.grpo.records.AdvantageSample;

/** What the first step of the filter makes of one input record: a candidate to count, or a dead letter. */
sealed interface Screening {

    /** A decoded sample that passes the reward criteria; the per-prompt cap decides later. */
    record Candidate(AdvantageSample sample) implements Screening {
    }

    /** An input record that could not be used, as the encoded {@code DeadLetter} to publish. */
    record Undecodable(byte[] deadLetter) implements Screening {
    }
}
