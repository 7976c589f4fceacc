package dev.grpo.cli.export;

import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The file formats {@code grpo export} writes. */
public enum ExportFormat {

    /** One JSON object per line: partition, offset, timestamp, key and the record with its field names. */
    JSONL,
    /** One Parquet file (snappy) whose rows hold partition, offset, timestamp, key and the record as a struct. */
    PARQUET;

    /** @return the name used on the command line */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code --format}, naming the accepted values when the given one is not among them. */
    static final class Converter implements ITypeConverter<ExportFormat> {

        @Override
        public ExportFormat convert(String value) {
            return Arrays.stream(values()).filter(f -> f.label().equalsIgnoreCase(value.strip())).findFirst()
                    .orElseThrow(() -> new TypeConversionException("unknown format '" + value
                            + "': use jsonl or parquet"));
        }
    }
}
