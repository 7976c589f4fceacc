package dev.grpo.cli.prompts;

import dev.grpo.producers.AnswerFormat;
import dev.grpo.producers.PromptFields;
import dev.grpo.producers.PromptFile;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options that say how a prompt file's rows become prompts, with one name in every command that reads prompt
 * files ({@code @Mixin PromptFieldOptions promptFields;}): {@code generate}, {@code eval}, {@code prompts load}.
 */
public final class PromptFieldOptions {

    /** The answer field when none is named: the project's own format, where it is optional. */
    public static final String DEFAULT_ANSWER_FIELD = "ground_truth";

    @Option(names = "--prompt-field", defaultValue = "prompt", paramLabel = "FIELD",
            description = "Field (JSON) or column (Parquet) holding the prompt text, e.g. question "
                    + "(default: ${DEFAULT-VALUE}).")
    private String promptField;

    @Option(names = "--answer-field", paramLabel = "FIELD",
            description = "Field holding the answer or worked solution, e.g. answer or solution; rows without it are "
                    + "malformed once it is named (default: " + DEFAULT_ANSWER_FIELD + ", optional).")
    private String answerField;

    @Option(names = "--id-field", defaultValue = "id", paramLabel = "FIELD",
            description = "Field holding the prompt id, text or a number; rows without one get <file name>:<row> "
                    + "(default: ${DEFAULT-VALUE}).")
    private String idField;

    @Option(names = "--answer-format", defaultValue = "auto", paramLabel = "auto|plain|gsm8k|boxed",
            converter = AnswerFormatName.class,
            description = "How the final answer is written in the answer field: gsm8k (after ####), boxed (the last "
                    + "\\boxed{...}), plain (as is), or auto: #### if present, else the last \\boxed{}, else as is "
                    + "(default: ${DEFAULT-VALUE}).")
    private AnswerFormat answerFormat;

    @Option(names = "--task", paramLabel = "NAME",
            description = "Task of every prompt (default: the row's task field, else "
                    + PromptFields.DEFAULT_TASK + ").")
    private String task;

    @Option(names = "--language", paramLabel = "CODE",
            description = "Language of every prompt (default: the row's language field, else "
                    + PromptFields.DEFAULT_LANGUAGE + ").")
    private String language;

    @Option(names = "--verification-field", defaultValue = PromptFields.VERIFICATION_FIELD, paramLabel = "FIELD",
            description = "Field holding the verification spec of a code task: a JSON object, or its JSON text "
                    + "(a Parquet text column); rows without it have none, rows with an invalid one are malformed "
                    + "(default: ${DEFAULT-VALUE}).")
    private String verificationField;

    /**
     * @param answerRequired whether every row needs an answer even when {@code --answer-field} is not given
     * @return the mapping the options name
     * @throws IllegalArgumentException when a field name, task or language is blank
     */
    public PromptFields fields(boolean answerRequired) {
        return new PromptFields(promptField, answerField != null ? answerField : DEFAULT_ANSWER_FIELD,
                answerRequired || answerField != null, idField, answerFormat, task, language, verificationField);
    }

    /**
     * @param path the prompt file
     * @param answerRequired whether every row needs an answer even when {@code --answer-field} is not given
     * @return the file, mapped as the options say
     * @throws IllegalArgumentException when the file does not exist, its extension is unknown, or an option is blank
     */
    public PromptFile file(Path path, boolean answerRequired) {
        return new PromptFile(path, fields(answerRequired));
    }

    /** Reads {@code --answer-format} in any case, naming the formats there are when it is none of them. */
    static final class AnswerFormatName implements ITypeConverter<AnswerFormat> {

        @Override
        public AnswerFormat convert(String value) {
            try {
                return AnswerFormat.named(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
