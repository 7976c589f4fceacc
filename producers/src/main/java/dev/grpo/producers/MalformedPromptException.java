package dev.grpo.producers;

/**
 * A row of a prompt file that cannot be made a prompt: a line that is not a JSON object, a mapped field that is
 * missing, empty or of the wrong type, or an answer without a final answer in the expected format. The message is
 * one line: where the row is, then what is wrong with it.
 */
public final class MalformedPromptException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String where;
    private final String detail;

    /**
     * @param where the row, e.g. {@code train.parquet row 17} or {@code prompts.jsonl line 3}
     * @param detail what is wrong with it
     */
    public MalformedPromptException(String where, String detail) {
        super(where + ": " + detail);
        this.where = where;
        this.detail = detail;
    }

    /** @return the row, e.g. {@code train.parquet row 17} */
    public String where() {
        return where;
    }

    /** @return what is wrong with the row, without saying where it is (so equal problems can be counted together) */
    public String detail() {
        return detail;
    }
}
