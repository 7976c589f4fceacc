package dev.grpo.cli.export;

import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --from}: earliest, an offset in every partition, or a timestamp as ISO-8601 or epoch milliseconds. */
class ExportStartTest {

    @Test
    void theThreeFormsParse() {
        assertThat(ExportStart.parse("earliest")).isEqualTo(ExportStart.EARLIEST);
        assertThat(ExportStart.parse("offset:42").offset()).isEqualTo(42);
        assertThat(ExportStart.parse("timestamp:2026-11-22T10:00:00Z").timestamp())
                .isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(ExportStart.parse("timestamp:1000").timestamp()).isEqualTo(Instant.ofEpochMilli(1000));
    }

    @Test
    void eachFormPrintsAsItIsWritten() {
        assertThat(ExportStart.parse("offset:7")).hasToString("offset:7");
        assertThat(ExportStart.parse("timestamp:2026-11-22T10:00:00Z")).hasToString("timestamp:2026-11-22T10:00:00Z");
        assertThat(ExportStart.EARLIEST).hasToString("earliest");
    }

    @Test
    void anythingElseIsRefusedNamingTheForms() {
        assertThatThrownBy(() -> ExportStart.parse("latest")).hasMessageContaining("earliest, offset:N or timestamp:T");
        assertThatThrownBy(() -> ExportStart.parse("offset:-1")).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> ExportStart.parse("offset:many")).hasMessageContaining("cannot read 'offset:many'");
        assertThatThrownBy(() -> ExportStart.parse("timestamp:yesterday"))
                .hasMessageContaining("cannot read 'timestamp:yesterday'");
    }
}
