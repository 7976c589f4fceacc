package dev.grpo.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;
import org.apache.avro.message.SchemaStore;

/**
 * Every version of every record schema that ever shipped, by record and by fingerprint, so a
 * record written by any older or newer release can be resolved to the reader's schema. The
 * versions are the classpath resources {@code dev/grpo/schemas/history/<Record>/v<N>.avsc}.
 */
public final class ShippedSchemas implements SchemaStore {

    /** The top-level records, in data-flow order; each has a history folder. */
    public static final List<String> RECORDS =
            List.of("Prompt", "Rollout", "RewardScore", "AdvantageSample", "SftExample", "PolicyVersion",
                    "DeadLetter");

    /** Classpath folder holding one sub-folder of versions per record. */
    public static final String HISTORY_RESOURCE = "dev/grpo/schemas/history/";

    private final Map<String, List<Schema>> versionsByRecord;
    private final Map<Long, Schema> byFingerprint;

    private ShippedSchemas(Map<String, List<Schema>> versionsByRecord) {
        this.versionsByRecord = copy(versionsByRecord);
        this.byFingerprint = indexByFingerprint(this.versionsByRecord);
    }

    /** The versions shipped in this jar (loaded once; the store is immutable). */
    public static ShippedSchemas fromClasspath() {
        return Classpath.SHIPPED;
    }

    /** The 64-bit CRC-64-AVRO fingerprint of the schema's Parsing Canonical Form, as single-object headers carry it. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** Names of the records this store has versions of (simple names, e.g. {@code Rollout}). */
    public Set<String> records() {
        return versionsByRecord.keySet();
    }

    /**
     * The shipped versions of a record, oldest (v1) first.
     *
     * @throws IllegalArgumentException if the record has no shipped version
     */
    public List<Schema> versions(String record) {
        List<Schema> versions = versionsByRecord.get(record);
        if (versions == null) {
            throw new IllegalArgumentException("no shipped schema for record '" + record + "'; known records: " + records());
        }
        return versions;
    }

    /** The newest shipped version of a record. */
    public Schema latest(String record) {
        List<Schema> versions = versions(record);
        return versions.get(versions.size() - 1);
    }

    /**
     * Why {@code candidate} could not be shipped as a new version of its record: every pair (candidate
     * reading a registered version, a registered version reading the candidate) that Avro's
     * {@link SchemaCompatibility} finds incompatible. Empty when the candidate is compatible both ways.
     */
    public List<String> incompatibilities(Schema candidate) {
        List<Schema> versions = versions(candidate.getName());
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            String version = candidate.getName() + " v" + (i + 1);
            problems.addAll(problems(SchemaCompatibility.checkReaderWriterCompatibility(candidate, versions.get(i)),
                    "candidate cannot read records written with " + version));
            problems.addAll(problems(SchemaCompatibility.checkReaderWriterCompatibility(versions.get(i), candidate),
                    version + " cannot read records written with the candidate"));
        }
        return problems;
    }

    /**
     * A store with {@code next} registered as the newest version of its record, as shipping it would.
     *
     * @throws IllegalArgumentException if the record is unknown, the version is already registered,
     *     or it is not compatible both ways with every registered version
     */
    public ShippedSchemas withVersion(Schema next) {
        if (findByFingerprint(fingerprint(next)) != null) {
            throw new IllegalArgumentException(String.format(
                    "fingerprint 0x%016x of %s is already registered", fingerprint(next), next.getFullName()));
        }
        List<String> problems = incompatibilities(next);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("incompatible new version of " + next.getName() + ": " + problems);
        }
        Map<String, List<Schema>> extended = new LinkedHashMap<>(versionsByRecord);
        List<Schema> versions = new ArrayList<>(versions(next.getName()));
        versions.add(next);
        extended.put(next.getName(), versions);
        return new ShippedSchemas(extended);
    }

    static ShippedSchemas load(ClassLoader loader) {
        Map<String, List<Schema>> versions = new LinkedHashMap<>();
        for (String record : RECORDS) {
            versions.put(record, loadVersions(loader, record));
        }
        return new ShippedSchemas(versions);
    }

    private static List<Schema> loadVersions(ClassLoader loader, String record) {
        List<Schema> versions = new ArrayList<>();
        for (int n = 1; ; n++) {
            String resource = HISTORY_RESOURCE + record + "/v" + n + ".avsc";
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                versions.add(parse(resource, record, in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("no shipped schema for " + record + ": missing " + HISTORY_RESOURCE + record + "/v1.avsc");
        }
        return versions;
    }

    private static Schema parse(String resource, String record, InputStream in) throws IOException {
        Schema schema;
        try {
            schema = new Schema.Parser().parse(in);
        } catch (SchemaParseException e) {
            throw new IllegalStateException("cannot parse " + resource + ": " + e.getMessage(), e);
        }
        if (!schema.getName().equals(record)) {
            throw new IllegalStateException(resource + " defines " + schema.getFullName() + ", not " + record);
        }
        return schema;
    }

    private static List<String> problems(SchemaPairCompatibility result, String direction) {
        return result.getResult().getIncompatibilities().stream()
                .map(i -> direction + ": " + i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .toList();
    }

    private static Map<String, List<Schema>> copy(Map<String, List<Schema>> versions) {
        Map<String, List<Schema>> copy = new LinkedHashMap<>();
        versions.forEach((record, schemas) -> copy.put(record, List.copyOf(schemas)));
        return Collections.unmodifiableMap(copy);
    }

    private static Map<Long, Schema> indexByFingerprint(Map<String, List<Schema>> versions) {
        Map<Long, Schema> index = new HashMap<>();
        versions.values().stream().flatMap(List::stream).forEach(schema -> {
            Schema clash = index.putIfAbsent(fingerprint(schema), schema);
            if (clash != null) {
                throw new IllegalStateException(String.format("%s and %s share fingerprint 0x%016x: register a version "
                        + "only when its Parsing Canonical Form changes", clash.getFullName(), schema.getFullName(),
                        fingerprint(schema)));
            }
        });
        return Map.copyOf(index);
    }

    /** Loads the shipped history the first time it is asked for. */
    private static final class Classpath {
        static final ShippedSchemas SHIPPED = load(ShippedSchemas.class.getClassLoader());
    }
}
