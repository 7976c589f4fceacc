package dev.grpo.producers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * The rows of a Parquet file as Hugging Face datasets export them (one column per feature), read with parquet-avro
 * straight from the local file system (no Hadoop file system). Only the mapped columns are read: a data set's
 * other columns (images, timestamps, nested features) cost nothing and cannot fail the read. Text columns come out
 * as text, integer and floating-point columns as numbers.
 */
final class ParquetRows implements PromptRows {

    private final Path file;
    private final ParquetReader<GenericRecord> reader;
    private long rowNumber;

    private ParquetRows(Path file, ParquetReader<GenericRecord> reader) {
        this.file = file;
        this.reader = reader;
    }

    /**
     * @param file the file
     * @param fields the mapping: the columns it reads, and the prompt column (which must exist)
     * @return its rows
     * @throws IllegalArgumentException when the file has no prompt column, or no answer column the mapping requires
     * @throws IOException when the file cannot be read or is not Parquet
     */
    static ParquetRows open(Path file, PromptFields fields) throws IOException {
        InputFile input = new LocalInputFile(file);
        MessageType schema = schema(file, input);
        require(file, schema, fields.promptField(), "--prompt-field");
        if (fields.answerRequired()) {
            require(file, schema, fields.answerField(), "--answer-field");
        }
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION,
                new AvroSchemaConverter(conf).convert(projection(schema, fields.fieldsRead())).toString());
        ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(input, conf)
                .withDataModel(GenericData.get()).build();
        return new ParquetRows(file, reader);
    }

    /** The file's schema, from its footer; parquet-mr says a file is no Parquet file with a bare RuntimeException. */
    private static MessageType schema(Path file, InputFile input) throws IOException {
        try (ParquetFileReader footer = ParquetFileReader.open(input)) {
            return footer.getFileMetaData().getSchema();
        } catch (RuntimeException e) {
            // its message names the InputFile object, not the file: say "it" instead, and leave out the cause
            throw new IOException(String.valueOf(e.getMessage()).replace(input.toString(), "it"));
        }
    }

    private static void require(Path file, MessageType schema, String column, String option) {
        if (!schema.containsField(column)) {
            throw new IllegalArgumentException(file + " has no column \"" + column + "\" (" + option + "); its columns: "
                    + schema.getFields().stream().map(Type::getName).collect(Collectors.joining(", ")));
        }
    }

    private static MessageType projection(MessageType schema, Set<String> columns) {
        List<Type> read = schema.getFields().stream().filter(column -> columns.contains(column.getName())).toList();
        return new MessageType(schema.getName(), read);
    }

    @Override
    public PromptRow next() throws IOException {
        GenericRecord record = reader.read();
        if (record == null) {
            return null;
        }
        rowNumber++;
        return new PromptRow(file, "row", rowNumber, field -> value(record, field));
    }

    private static Object value(GenericRecord record, String field) {
        Object value = record.hasField(field) ? record.get(field) : null;
        return value instanceof CharSequence text ? text.toString() : value;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
