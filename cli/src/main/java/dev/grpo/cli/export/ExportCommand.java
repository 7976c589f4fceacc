package dev.grpo.cli.export;

import dev.grpo.cli.kafka.KafkaConnection;
import dev.grpo.cli.options.PositionText;
import dev.grpo.schemas.RecordDecodingException;
import dev.grpo.streams.ReplayPosition;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code grpo export}: writes a topic's records, up to the end offsets it had when the export began, to a JSON-lines or
 * Parquet file for offline analysis, decoding each value with the project's serde.
 */
@Command(name = "export",
        sortOptions = false,
        headerHeading = "%n",
        header = "Export a topic's records to JSON lines or Parquet for offline analysis.",
        descriptionHeading = "%n",
        description = {"Reads TOPIC (read_committed) from --from up to the end offsets it had when the export began, "
                + "decodes every value with the project's Avro serde and writes one row per record: partition, "
                + "offset, timestamp, key and the record's fields.",
            "The record type comes from the topic catalogue, --record, or the schema fingerprint in the first "
                + "value (so grpo.advantages.RUN or TOPIC.dlq need nothing). Undecodable records are counted and, "
                + "in JSON lines, written as rows with 'error' and 'value_base64'; Parquet skips them."})
public final class ExportCommand implements Callable<Integer> {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnection kafka;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC",
            description = "The topic to export, named without --topic-prefix (which is put before it).")
    private String topic;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", converter = ExportFormat.Converter.class,
            description = "jsonl or parquet.")
    private ExportFormat format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write (replaced if it exists).")
    private Path out;

    @Option(names = "--from", defaultValue = "earliest", paramLabel = "POSITION", converter = PositionText.class,
            description = "earliest, offset:N (in every partition, raised to the oldest retained offset) or "
                    + "timestamp:T (ISO-8601 or epoch ms) (default: ${DEFAULT-VALUE}).")
    private ReplayPosition from;

    @Option(names = "--max-records", defaultValue = "0", paramLabel = "N",
            description = "Stop after N records; 0 = every record up to the end (default: ${DEFAULT-VALUE}).")
    private long maxRecords;

    @Option(names = "--record", paramLabel = "TYPE",
            description = "The record type (e.g. Rollout) when the topic is not in the catalogue and may be empty.")
    private String record;

    @Override
    public Integer call() throws IOException {
        if (maxRecords < 0) {
            throw new ParameterException(spec.commandLine(), "--max-records must be >= 0, got " + maxRecords);
        }
        if (from instanceof ReplayPosition.Version) {
            throw new ParameterException(spec.commandLine(), "--from " + from.text() + ": an export starts at "
                    + "earliest, offset:N or timestamp:T (version:V is for grpo replay, which reads rollouts)");
        }
        Optional<RecordType> known = knownType();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (TopicSnapshot snapshot = snapshot(); ExportSink sink = ExportSink.open(format, out)) {
            if (known.isPresent()) {
                sink.prepare(known.get());
            }
            ExportTally tally = new ExportTally(known, snapshot.span(), PROGRESS_EVERY, spec.commandLine().getErr());
            try {
                snapshot.read(maxRecords, source -> export(source, sink, tally));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            PrintWriter console = spec.commandLine().getOut();
            console.printf(Locale.ROOT, "exported %d records of %s (%d partitions, from %s to the end offsets at "
                            + "start) to %s as %s%s; %d undecodable (%s)%n", tally.written(), topic,
                    snapshot.partitions(), from.text(), out, format.label(),
                    tally.type().map(t -> ", record " + t.name()).orElse(""), tally.undecodable(),
                    sink.undecodableFate());
            console.flush();
        }
        return 0;
    }

    private Optional<RecordType> knownType() {
        try {
            return record != null ? Optional.of(RecordType.named(record)) : RecordType.ofCatalogueTopic(topic);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private TopicSnapshot snapshot() {
        try {
            return new TopicSnapshot(kafka.cluster(), kafka.cluster().topic(topic), from);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void export(ConsumerRecord<byte[], byte[]> source, ExportSink sink, ExportTally tally) {
        try {
            if (tally.type().isEmpty()) {
                Optional<RecordType> detected = RecordType.ofValue(source.value());
                if (detected.isPresent()) {
                    tally.detect(detected.get());
                    sink.prepare(detected.get());
                }
            }
            Optional<RecordType> type = tally.type();
            if (type.isEmpty()) {
                sink.undecodable(source, "no single-object header naming a shipped schema, and no record type known "
                        + "for " + topic + " yet");
                tally.countUndecodable();
                return;
            }
            SpecificRecord value;
            try {
                value = type.get().serde().decode(source);
            } catch (RecordDecodingException e) {
                sink.undecodable(source, e.getMessage());
                tally.countUndecodable();
                return;
            }
            sink.write(source, type.get(), value);
            tally.countWritten();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
