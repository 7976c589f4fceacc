package dev.grpo.producers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grpo.records.Prompt;
import dev.grpo.schemas.VerificationSpec;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which fields of a prompt file's rows make a prompt, so that data sets keep their own column names: GSM8K's
 * {@code question} / {@code answer}, MATH's {@code problem} / {@code solution}. The id is the row's id field when it
 * has one, else {@code <file name>:<row number>}; the ground truth is the final answer extracted from the answer
 * field by the answer format.
 *
 * @param promptField the field holding the prompt text (required in every row)
 * @param answerField the field holding the answer or worked solution
 * @param answerRequired whether a row without an answer is malformed; otherwise its ground truth is empty
 * @param idField the field holding the prompt id (text or a number; optional)
 * @param answerFormat how the final answer is written in the answer field
 * @param task the task of every prompt, or {@code null} for the row's {@value #TASK_FIELD} field, else
 *             {@value #DEFAULT_TASK}
 * @param language the language of every prompt, or {@code null} for the row's {@value #LANGUAGE_FIELD} field, else
 *                 {@value #DEFAULT_LANGUAGE}
 * @param verificationField the field holding the verification spec of a code task (optional): a JSON object, or its
 *                          JSON text; checked with {@link VerificationSpec#parse} and carried in its canonical JSON
 */
public record PromptFields(String promptField, String answerField, boolean answerRequired, String idField,
                           AnswerFormat answerFormat, String task, String language, String verificationField) {

    /** The task of prompts that name none. */
    public static final String DEFAULT_TASK = "generic";
    /** The language of prompts that name none. */
    public static final String DEFAULT_LANGUAGE = "en";
    /** The field a row may name its task in. */
    public static final String TASK_FIELD = "task";
    /** The field a row may name its language in. */
    public static final String LANGUAGE_FIELD = "language";
    /** The field a row holds its verification spec in unless another is named. */
    public static final String VERIFICATION_FIELD = "verification";

    /** Requires the field names and the format; a given task or language must not be blank. */
    public PromptFields {
        requireName("prompt field", promptField);
        requireName("answer field", answerField);
        requireName("id field", idField);
        requireName("verification field", verificationField);
        Objects.requireNonNull(answerFormat, "answer format");
        if (task != null && task.isBlank() || language != null && language.isBlank()) {
            throw new IllegalArgumentException("a task or language must not be blank");
        }
    }

    /**
     * A mapping that reads the verification spec from the row's {@value #VERIFICATION_FIELD} field.
     *
     * @see #PromptFields(String, String, boolean, String, AnswerFormat, String, String, String)
     */
    public PromptFields(String promptField, String answerField, boolean answerRequired, String idField,
                        AnswerFormat answerFormat, String task, String language) {
        this(promptField, answerField, answerRequired, idField, answerFormat, task, language, VERIFICATION_FIELD);
    }

    /**
     * The project's own format, {@code {"id", "prompt", "ground_truth", "language", "task", "verification"}}: the
     * ground truth is optional and taken as it is unless it holds a GSM8K or boxed final answer.
     *
     * @return the mapping
     */
    public static PromptFields standard() {
        return new PromptFields("prompt", "ground_truth", false, "id", AnswerFormat.AUTO, null, null);
    }

    /** @return the fields a row is read for, so that a columnar file reads only those */
    public Set<String> fieldsRead() {
        Set<String> fields = new LinkedHashSet<>();
        fields.add(promptField);
        fields.add(answerField);
        fields.add(idField);
        if (task == null) {
            fields.add(TASK_FIELD);
        }
        if (language == null) {
            fields.add(LANGUAGE_FIELD);
        }
        fields.add(verificationField);
        return fields;
    }

    /**
     * @param row a row of a prompt file
     * @return its prompt
     * @throws MalformedPromptException naming the row and the field when a field is missing or unusable
     */
    Prompt prompt(PromptRow row) {
        String id = text(row, idField, true);
        return Prompt.newBuilder()
                .setPromptId(id == null || id.isEmpty() ? row.fallbackId() : id)
                .setText(required(row, promptField, false))
                .setGroundTruth(groundTruth(row))
                .setLanguage(language != null ? language : optional(row, LANGUAGE_FIELD, DEFAULT_LANGUAGE))
                .setTask(task != null ? task : optional(row, TASK_FIELD, DEFAULT_TASK))
                .setVerification(verification(row))
                .setCreatedAt(Instant.now())
                .build();
    }

    private String groundTruth(PromptRow row) {
        String answer = answerRequired ? required(row, answerField, true) : text(row, answerField, true);
        if (answer == null || answer.isEmpty()) {
            return "";
        }
        try {
            return answerFormat.finalAnswer(answer);
        } catch (IllegalArgumentException e) {
            throw new MalformedPromptException(row.where(), "field \"" + answerField + "\": " + e.getMessage()
                    + " (--answer-format " + answerFormat + ")");
        }
    }

    /** The row's verification spec in canonical JSON, or {@code null} when it has none. */
    private String verification(PromptRow row) {
        Object value = row.value(verificationField);
        if (value == null || value instanceof String text && text.isBlank()) {
            return null;
        }
        String json;
        if (value instanceof String text) {
            json = text;
        } else if (value instanceof JsonNode node && node.isObject()) {
            json = node.toString();
        } else {
            throw new MalformedPromptException(row.where(), "field \"" + verificationField
                    + "\" must be a JSON object or its JSON text, got " + shown(value));
        }
        try {
            return VerificationSpec.parse(json).toJson();
        } catch (IllegalArgumentException e) {
            throw new MalformedPromptException(row.where(), "field \"" + verificationField + "\": " + e.getMessage());
        }
    }

    private static String required(PromptRow row, String field, boolean numbers) {
        String value = text(row, field, numbers);
        if (value == null || value.isEmpty()) {
            throw new MalformedPromptException(row.where(), "field \"" + field + "\" is missing or empty");
        }
        return value;
    }

    private static String optional(PromptRow row, String field, String fallback) {
        String value = text(row, field, false);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** The field's text ({@code numbers}: or a number written as text), or {@code null} when it is absent. */
    private static String text(PromptRow row, String field, boolean numbers) {
        Object value = row.value(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (numbers && value instanceof Number) {
            return value.toString();
        }
        throw new MalformedPromptException(row.where(), "field \"" + field + "\" must be "
                + (numbers ? "text or a number" : "text") + ", got " + shown(value));
    }

    private static String shown(Object value) {
        String shown = String.valueOf(value);
        return shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
    }

    private static void requireName(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the " + what + " needs a name, got '" + name + "'");
        }
    }
}
