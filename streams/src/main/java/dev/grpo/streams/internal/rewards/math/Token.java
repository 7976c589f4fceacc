package dev.grpo.streams.internal.rewards.math;

/**
 * One lexical unit of a normalised math answer.
 *
 * @param kind what the token is
 * @param text its text: the literal, symbol name, operator or command
 * @param value the exact value of a {@link Kind#NUMBER}; null otherwise
 * @param spaceBefore whether white space separated it from the previous token
 */
record Token(Kind kind, String text, Rational value, boolean spaceBefore) {

    /** The kinds of token the parser knows. */
    enum Kind { NUMBER, SYMBOL, FUNCTION, COMMAND, OPERATOR, OPEN, CLOSE, RELATION, SEPARATOR, PLUS_MINUS, END }

    boolean is(Kind expected, String expectedText) {
        return kind == expected && text.equals(expectedText);
    }

    boolean is(Kind expected) {
        return kind == expected;
    }
}
