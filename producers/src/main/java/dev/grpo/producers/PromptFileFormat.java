package dev.grpo.producers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/** The kinds of prompt file, told apart by the file name's extension. */
public enum PromptFileFormat {

    /** One JSON object per line, UTF-8. */
    JSON_LINES(".jsonl", ".json") {
        @Override
        PromptRows open(Path file, PromptFields fields) throws IOException {
            return new JsonLinesRows(file, Files.newBufferedReader(file, StandardCharsets.UTF_8));
        }
    },
    /** JSON lines compressed with gzip. */
    GZIP_JSON_LINES(".jsonl.gz", ".json.gz") {
        @Override
        PromptRows open(Path file, PromptFields fields) throws IOException {
            return new JsonLinesRows(file, new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8)));
        }
    },
    /** Apache Parquet, one column per field. */
    PARQUET(".parquet") {
        @Override
        PromptRows open(Path file, PromptFields fields) throws IOException {
            return ParquetRows.open(file, fields);
        }
    };

    private final List<String> extensions;

    PromptFileFormat(String... extensions) {
        this.extensions = List.of(extensions);
    }

    /**
     * @param file a prompt file
     * @return its format, by its extension (in any case)
     * @throws IllegalArgumentException naming the file and the extensions there are
     */
    public static PromptFileFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.extensions.stream().anyMatch(name::endsWith))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown prompt file type: " + file
                        + " (expected " + extensions() + ")"));
    }

    private static String extensions() {
        return Arrays.stream(values()).flatMap(format -> format.extensions.stream()).collect(Collectors.joining(", "));
    }

    /**
     * @param file the file
     * @param fields the mapping, for formats that read only the columns it needs
     * @return its rows, from the first
     * @throws IOException when it cannot be opened
     */
    abstract PromptRows open(Path file, PromptFields fields) throws IOException;
}
