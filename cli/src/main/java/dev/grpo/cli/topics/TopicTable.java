package dev.grpo.cli.topics;

import dev.grpo.schemas.TopicInstaller.Drift;
import dev.grpo.schemas.TopicInstaller.ObservedTopic;
import dev.grpo.schemas.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;

/** The plain-text table {@code grpo topics describe} prints: one row per topic, columns padded to fit. */
final class TopicTable {

    private static final List<String> HEADER =
            List.of("TOPIC", "EXISTS", "PARTITIONS", "CLEANUP", "RETENTION", "MAX MESSAGE", "DRIFT");
    private static final String ABSENT = "-";

    private TopicTable() {
    }

    /** The table, header first, each line ending in a newline. */
    static String of(List<ObservedTopic> topics) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        topics.forEach(t -> rows.add(row(t)));
        int[] widths = new int[HEADER.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        });
        StringBuilder table = new StringBuilder();
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                table.append(i == r.size() - 1 ? r.get(i) : String.format("%-" + (widths[i] + 2) + "s", r.get(i)));
            }
            table.append(System.lineSeparator());
        });
        return table.toString();
    }

    /** One line about a spec: partitions, cleanup, retention and maximum message size. */
    static String summary(TopicSpec spec) {
        return spec.partitions() + (spec.partitions() == 1 ? " partition, " : " partitions, ")
                + spec.cleanupPolicy().configValue() + ", retention " + retention(Long.toString(millis(spec)))
                + ", max message " + bytes(Integer.toString(spec.maxMessageBytes()));
    }

    private static List<String> row(ObservedTopic topic) {
        if (!topic.exists()) {
            return List.of(topic.spec().name(), "no", ABSENT, ABSENT, ABSENT, ABSENT, "missing");
        }
        return List.of(
                topic.spec().name(),
                "yes",
                Integer.toString(topic.partitions()),
                orAbsent(topic.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG)),
                retention(topic.configs().get(TopicConfig.RETENTION_MS_CONFIG)),
                bytes(topic.configs().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)),
                drift(topic.drift()));
    }

    private static String drift(List<Drift> drift) {
        if (drift.isEmpty()) {
            return ABSENT;
        }
        return drift.stream().map(d -> d.setting() + " (catalogue " + d.expected() + ")").collect(Collectors.joining(", "));
    }

    private static long millis(TopicSpec spec) {
        return spec.retention() == null ? -1 : spec.retention().toMillis();
    }

    private static String retention(String millis) {
        if (millis == null) {
            return ABSENT;
        }
        long value = Long.parseLong(millis);
        if (value < 0) {
            return "forever";
        }
        Duration duration = Duration.ofMillis(value);
        if (duration.toDaysPart() > 0 && duration.equals(Duration.ofDays(duration.toDays()))) {
            return duration.toDays() + "d";
        }
        if (duration.equals(Duration.ofHours(duration.toHours()))) {
            return duration.toHours() + "h";
        }
        return value + "ms";
    }

    private static String bytes(String value) {
        if (value == null) {
            return ABSENT;
        }
        long bytes = Long.parseLong(value);
        long mib = 1024 * 1024;
        return bytes % mib == 0 ? bytes / mib + " MiB" : bytes + " B";
    }

    private static String orAbsent(String value) {
        return value == null ? ABSENT : value;
    }
}
