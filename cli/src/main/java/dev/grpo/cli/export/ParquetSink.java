package dev.grpo.cli.export;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * A snappy-compressed Parquet file written with parquet-avro straight to the local file system (no Hadoop file
 * system): each row is {@link #rowSchema(Schema) partition, offset, timestamp, key and the record as a struct}. The
 * file's schema is the first decoded record's, so it is opened on the first record; undecodable records are skipped
 * (and counted by the caller), since a Parquet column cannot hold them.
 */
final class ParquetSink implements ExportSink {

    private final Path file;
    private final SpecificData model = new SpecificData();
    private ParquetWriter<GenericRecord> writer;
    private Schema rowSchema;

    /** @param file the file to (over)write */
    ParquetSink(Path file) {
        this.file = file;
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    }

    /**
     * The schema of a row: the Kafka coordinates and key, and the record.
     *
     * @param value the record's schema
     * @return the row schema
     */
    static Schema rowSchema(Schema value) {
        Schema key = Schema.create(Schema.Type.STRING);
        GenericData.setStringType(key, GenericData.StringType.String);
        return SchemaBuilder.record("ExportedRecord").namespace("dev.grpo.export")
                .doc("One record of a topic exported by grpo export, with where it was in the topic.")
                .fields()
                .requiredInt("partition")
                .requiredLong("offset")
                .name("timestamp").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
                .noDefault()
                .name("key").type(Schema.createUnion(Schema.create(Schema.Type.NULL), key)).withDefault(null)
                .name("value").type(value).noDefault()
                .endRecord();
    }

    /** Opens the file now, so that an export of nothing still has a schema. */
    @Override
    public void prepare(RecordType type) throws IOException {
        if (writer != null) {
            return;
        }
        rowSchema = rowSchema(type.schema());
        writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(rowSchema)
                .withDataModel(model)
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    @Override
    public void write(ConsumerRecord<byte[], byte[]> source, RecordType type, SpecificRecord value) throws IOException {
        prepare(type);
        GenericRecord row = new GenericData.Record(rowSchema);
        row.put("partition", source.partition());
        row.put("offset", source.offset());
        row.put("timestamp", Instant.ofEpochMilli(source.timestamp()));
        row.put("key", ExportSink.key(source));
        row.put("value", value);
        writer.write(row);
    }

    @Override
    public void undecodable(ConsumerRecord<byte[], byte[]> source, String reason) {
        // a Parquet row has no place for bytes of an unknown shape; the caller counts them
    }

    @Override
    public String undecodableFate() {
        return "skipped";
    }

    /** @throws IOException when the file cannot be finished, or no record gave it a schema */
    @Override
    public void close() throws IOException {
        if (writer == null) {
            throw new IOException("nothing was decoded, so " + file + " would have no schema: pass --record TYPE to "
                    + "write an empty Parquet file");
        }
        writer.close();
    }
}
