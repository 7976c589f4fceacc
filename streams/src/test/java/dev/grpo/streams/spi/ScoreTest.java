package dev.grpo.streams.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A score's explanation as the reward topics carry it: bounded, so one long reason cannot bloat them. */
class ScoreTest {

    @Test
    void aDetailUpToTheBoundIsPublishedAsItIs() {
        String exact = "x".repeat(Score.MAX_PUBLISHED_DETAIL);
        assertThat(Score.publishedDetail(exact)).isEqualTo(exact);
        assertThat(Score.publishedDetail(null)).isNull();
    }

    @Test
    void aLongerDetailIsCutAndMarked() {
        String published = Score.publishedDetail("y".repeat(Score.MAX_PUBLISHED_DETAIL + 1));
        assertThat(published).hasSize(Score.MAX_PUBLISHED_DETAIL + 1).endsWith("y…");
        assertThat(Score.MAX_PUBLISHED_DETAIL).isEqualTo(240);
    }
}
