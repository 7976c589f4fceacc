package dev.grpo.policy;

/** The control tokens of the built-in {@link CharTokenizer}, each a single id there. */
public enum SpecialToken {
    PAD("<pad>"),
    EOS("<eos>"),
    THINK_OPEN("<think>"),
    THINK_CLOSE("</think>"),
    ANSWER_OPEN("<answer>"),
    ANSWER_CLOSE("</answer>");

    private final String text;

    SpecialToken(String text) {
        this.text = text;
    }

    /** @return how the token is written in text, e.g. {@code <think>} */
    public String text() {
        return text;
    }
}
