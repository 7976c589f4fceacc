package dev.grpo.cli.export;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where exported records go: one file of one {@link ExportFormat}. */
interface ExportSink extends Closeable {

    /**
     * Called once the record type is known, before the first record (JSON lines need nothing in advance).
     *
     * @param type the record type of the export
     * @throws IOException when the file cannot be created
     */
    default void prepare(RecordType type) throws IOException {
    }

    /**
     * @param source the record as read, for its coordinates and key
     * @param type the record type
     * @param value the decoded value
     * @throws IOException when the file cannot be written
     */
    void write(ConsumerRecord<byte[], byte[]> source, RecordType type, SpecificRecord value) throws IOException;

    /**
     * @param source a record whose value could not be decoded
     * @param reason why
     * @throws IOException when the file cannot be written
     */
    void undecodable(ConsumerRecord<byte[], byte[]> source, String reason) throws IOException;

    /** @return what happens to undecodable records, for the summary line */
    String undecodableFate();

    /**
     * @param source a record
     * @return its key as text (every key of the pipeline is a UTF-8 string), or null when it has none
     */
    static String key(ConsumerRecord<byte[], byte[]> source) {
        return source.key() == null ? null : new String(source.key(), StandardCharsets.UTF_8);
    }

    /**
     * @param format the format
     * @param file where to write
     * @return a sink writing that format to that file
     * @throws IOException when the file cannot be created
     */
    static ExportSink open(ExportFormat format, Path file) throws IOException {
        return switch (format) {
            case JSONL -> new JsonLinesSink(file);
            case PARQUET -> new ParquetSink(file);
        };
    }
}
