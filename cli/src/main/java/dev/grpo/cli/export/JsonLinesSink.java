package dev.grpo.cli.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * JSON lines: one object per record, {@code {"partition", "offset", "timestamp", "key", "value"}} with the value in
 * its {@link JsonForm}; an undecodable record becomes a row with {@code "error"} and {@code "value_base64"} instead of
 * {@code "value"}.
 */
final class JsonLinesSink implements ExportSink {

    private final ObjectMapper mapper = new ObjectMapper();
    private final BufferedWriter out;

    /**
     * @param file the file to (over)write
     * @throws IOException when it cannot be created
     */
    JsonLinesSink(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public void write(ConsumerRecord<byte[], byte[]> source, RecordType type, SpecificRecord value) throws IOException {
        ObjectNode row = coordinates(source);
        row.set("value", JsonForm.of(type.schema(), value));
        line(row);
    }

    @Override
    public void undecodable(ConsumerRecord<byte[], byte[]> source, String reason) throws IOException {
        ObjectNode row = coordinates(source);
        row.put("error", reason);
        row.put("value_base64", source.value() == null ? null : Base64.getEncoder().encodeToString(source.value()));
        line(row);
    }

    @Override
    public String undecodableFate() {
        return "written as error rows";
    }

    private ObjectNode coordinates(ConsumerRecord<byte[], byte[]> source) {
        ObjectNode row = mapper.createObjectNode();
        row.put("partition", source.partition());
        row.put("offset", source.offset());
        row.put("timestamp", Instant.ofEpochMilli(source.timestamp()).toString());
        row.put("key", ExportSink.key(source));
        return row;
    }

    private void line(ObjectNode row) throws IOException {
        out.write(mapper.writeValueAsString(row));
        out.newLine();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
