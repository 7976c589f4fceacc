package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.records.RewardScore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/** schemas/README.md is the contract for consumers in other languages, so its facts are checked against the code. */
class SchemasReadmeTest {

    private static final Path README = Path.of("README.md");
    private static final Pattern FENCED_TEXT = Pattern.compile("```text\\n(.*?)```", Pattern.DOTALL);
    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024L * MIB;

    @Test
    void theHexDumpIsARealRewardScoreThatDecodesToTheDocumentedValues() throws IOException {
        byte[] bytes = hexDump();

        RewardScore score = RecordSerdes.rewardScore().decode("grpo.rewards.accuracy", 0, 0L, bytes);

        assertThat(score.getRolloutId()).isEqualTo("g-42/3");
        assertThat(score.getGroupId()).isEqualTo("g-42");
        assertThat(score.getIndex()).isEqualTo(3);
        assertThat(score.getGroupSize()).isEqualTo(8);
        assertThat(score.getComponent()).isEqualTo("accuracy");
        assertThat(score.getValue()).isEqualTo(1.0);
        assertThat(score.getRewardVersion()).isEqualTo("rules-1");
        assertThat(score.getDetails()).isEqualTo("answer: 42");
        assertThat(score.getScoredAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(score.getScoredAt().toEpochMilli()).isEqualTo(1_735_689_600_000L);
        assertThat(bytes).as("the dump is what the current encoder writes for it, %d bytes", bytes.length)
                .isEqualTo(RecordSerdes.rewardScore().encode(score)).hasSize(67);
    }

    @Test
    void theFingerprintTableListsEveryShippedVersion() throws IOException {
        ShippedSchemas shipped = ShippedSchemas.fromClasspath();
        List<String> rows = new ArrayList<>(List.of(
                "| record | version | fingerprint | header bytes 2–9 |", "|---|---|---|---|"));
        for (String record : ShippedSchemas.RECORDS) {
            List<Schema> versions = shipped.versions(record);
            for (int v = 1; v <= versions.size(); v++) {
                long fingerprint = ShippedSchemas.fingerprint(versions.get(v - 1));
                byte[] header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint).array();
                rows.add(String.format("| `%s` | v%d | `0x%016x` | `%s` |",
                        record, v, fingerprint, HexFormat.ofDelimiter(" ").formatHex(header)));
            }
        }

        assertThat(section("fingerprints")).isEqualTo(String.join("\n", rows));
    }

    @Test
    void theCanonicalFormShownIsRewardScores() throws IOException {
        String canonical = SchemaNormalization.toParsingForm(RecordSerdes.rewardScore().schema());

        assertThat(readme()).contains("```json\n" + canonical + "\n```");
    }

    @Test
    void theTopicTableIsTheCatalogue() throws IOException {
        TopicSpec anyComponent = TopicCatalogue.rewards("component");
        List<String> rows = new ArrayList<>(List.of(
                "| topic | key | value | partitions | retention | cleanup | max message |", "|---|---|---|---|---|---|---|"));
        TopicCatalogue.all().forEach(topic -> rows.add(row(topic, topic.name())));
        rows.add(row(anyComponent, TopicCatalogue.REWARDS_PREFIX + "<component>"));

        assertThat(section("topics")).isEqualTo(String.join("\n", rows));
    }

    @Test
    void theErrorTypeTableListsEveryDeadLetterReasonInOrder() throws IOException {
        List<String> documented = section("error-types").lines().skip(2)
                .map(row -> row.split("\\|")[1].strip().replace("`", "")).toList();

        assertThat(documented).containsExactly(Arrays.stream(DeadLetterReason.values())
                .map(DeadLetterReason::wireName).toArray(String[]::new));
    }

    private static String row(TopicSpec topic, String name) {
        String key = topic.key().matches("[a-z_]+") ? "`" + topic.key() + "`" : topic.key();
        return String.format("| `%s` | %s | `%s` | %d | %s | %s | %s |", name, key, topic.record(),
                topic.partitions(), retention(topic), topic.cleanupPolicy().configValue(), size(topic.maxMessageBytes()));
    }

    private static String retention(TopicSpec topic) {
        Duration retention = topic.retention();
        String time = retention == null ? "forever"
                : retention.toDays() == 1 ? "1 day"
                : retention.equals(Duration.ofDays(retention.toDays())) ? retention.toDays() + " days"
                : retention.toString();
        return topic.retentionBytes() < 0 ? time : time + " or " + size(topic.retentionBytes()) + " per partition";
    }

    private static String size(long bytes) {
        if (bytes % GIB == 0) {
            return bytes / GIB + " GiB";
        }
        return bytes % MIB == 0 ? bytes / MIB + " MiB" : bytes + " bytes";
    }

    private static byte[] hexDump() throws IOException {
        Matcher block = FENCED_TEXT.matcher(section("hexdump"));
        assertThat(block.find()).as("a ```text block in the hexdump section").isTrue();
        String hex = block.group(1).lines()
                .map(line -> line.replaceFirst("^[0-9a-f]{4}:", ""))
                .reduce("", String::concat)
                .replaceAll("\\s+", "");
        return HexFormat.of().parseHex(hex);
    }

    private static String section(String name) throws IOException {
        String text = readme();
        String begin = "<!-- " + name + ":begin -->\n";
        String end = "\n<!-- " + name + ":end -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end, from);
        assertThat(from).as("README has a %s section", name).isNotNegative();
        assertThat(to).as("README's %s section ends", name).isNotNegative();
        return text.substring(from + begin.length(), to);
    }

    private static String readme() throws IOException {
        return Files.readString(README);
    }
}
