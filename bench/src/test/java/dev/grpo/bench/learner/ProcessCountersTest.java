package dev.grpo.bench.learner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The process counters come from the right fields of /proc/self/stat, even when the command name holds spaces. */
class ProcessCountersTest {

    @Test
    void readsMinorFaultsAndUserAndSystemTicksAfterTheCommandName() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194304 1234 0 7 0 250 40 0 0 20 0 30 0 100 0 0";

        assertThat(ProcessCounters.parse(stat)).isEqualTo(new ProcessCounters(2.5, 0.4, 1234));
    }

    @Test
    void theDifferenceOfTwoReadingsIsWhatHappenedBetweenThem() {
        ProcessCounters before = new ProcessCounters(1.0, 0.25, 100);

        assertThat(new ProcessCounters(3.5, 1.0, 1100).since(before)).isEqualTo(new ProcessCounters(2.5, 0.75, 1000));
    }

    @Test
    void thisProcessHasFaultedInSomePagesOnLinux() {
        assertThat(ProcessCounters.now()).hasValueSatisfying(now -> assertThat(now.minorFaults()).isPositive());
    }
}
