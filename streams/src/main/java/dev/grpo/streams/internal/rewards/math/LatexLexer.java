package dev.grpo.streams.internal.rewards.math;

import dev.grpo.streams.internal.rewards.math.Token.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a normalised answer (LaTeX or plain text math) into {@link Token}s. Anything it does not
 * understand raises {@link UnverifiableAnswerException}, so a word answer such as "yes" falls back
 * to text comparison instead of being read as the product {@code y*e*s}.
 */
final class LatexLexer {

    private static final Set<String> FUNCTIONS = Set.of("sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos",
            "arctan", "sinh", "cosh", "tanh", "log", "ln", "lg", "exp");
    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta",
            "eta", "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon",
            "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Phi", "Psi",
            "Omega");
    private static final Map<String, Token> COMMANDS = Map.ofEntries(
            Map.entry("frac", token(Kind.COMMAND, "frac")),
            Map.entry("sqrt", token(Kind.COMMAND, "sqrt")),
            Map.entry("binom", token(Kind.COMMAND, "binom")),
            Map.entry("pi", token(Kind.SYMBOL, "pi")),
            Map.entry("infty", token(Kind.SYMBOL, "infinity")),
            Map.entry("cdot", token(Kind.OPERATOR, "*")),
            Map.entry("times", token(Kind.OPERATOR, "*")),
            Map.entry("ast", token(Kind.OPERATOR, "*")),
            Map.entry("div", token(Kind.OPERATOR, "/")),
            Map.entry("le", token(Kind.RELATION, "<=")),
            Map.entry("leq", token(Kind.RELATION, "<=")),
            Map.entry("leqslant", token(Kind.RELATION, "<=")),
            Map.entry("ge", token(Kind.RELATION, ">=")),
            Map.entry("geq", token(Kind.RELATION, ">=")),
            Map.entry("geqslant", token(Kind.RELATION, ">=")),
            Map.entry("lt", token(Kind.RELATION, "<")),
            Map.entry("gt", token(Kind.RELATION, ">")),
            Map.entry("ne", token(Kind.RELATION, "!=")),
            Map.entry("neq", token(Kind.RELATION, "!=")),
            Map.entry("pm", token(Kind.PLUS_MINUS, "+")),
            Map.entry("mp", token(Kind.PLUS_MINUS, "-")),
            Map.entry("lor", token(Kind.SEPARATOR, "or")),
            Map.entry("vee", token(Kind.SEPARATOR, "or")),
            Map.entry("lbrace", token(Kind.OPEN, "\\{")),
            Map.entry("rbrace", token(Kind.CLOSE, "\\}")));
    private static final Set<String> SEPARATOR_WORDS = Set.of("or", "and");

    private final String text;
    private final Deadline deadline;
    private final List<Token> tokens = new ArrayList<>();
    private int position;
    private boolean spaceBefore;

    private LatexLexer(String text, Deadline deadline) {
        this.text = text;
        this.deadline = deadline;
    }

    /** The tokens of {@code text}, ending with an {@link Kind#END} token. */
    static List<Token> tokens(String text, Deadline deadline) {
        return new LatexLexer(text, deadline).run();
    }

    private static Token token(Kind kind, String text) {
        return new Token(kind, text, null, false);
    }

    private List<Token> run() {
        while (position < text.length()) {
            deadline.check();
            char c = text.charAt(position);
            if (Character.isWhitespace(c)) {
                spaceBefore = true;
                position++;
                continue;
            }
            next(c);
            spaceBefore = false;
        }
        tokens.add(new Token(Kind.END, "", null, spaceBefore));
        return tokens;
    }

    private void next(char c) {
        if (isDigit(c) || c == '.' && position + 1 < text.length() && isDigit(text.charAt(position + 1))) {
            number();
        } else if (isLatin(c)) {
            word();
        } else if (c == '\\') {
            command();
        } else if (c == '或') {
            emit(Kind.SEPARATOR, "or", 1);
        } else {
            punctuation(c);
        }
    }

    private void punctuation(char c) {
        String two = text.startsWith("<=", position) || text.startsWith(">=", position) || text.startsWith("!=", position)
                ? text.substring(position, position + 2) : null;
        if (two != null) {
            emit(Kind.RELATION, two, 2);
            return;
        }
        switch (c) {
            case '+', '-', '*', '/', '^', '!', '|' -> emit(Kind.OPERATOR, String.valueOf(c), 1);
            case '(', '[', '{' -> emit(Kind.OPEN, String.valueOf(c), 1);
            case ')', ']', '}' -> emit(Kind.CLOSE, String.valueOf(c), 1);
            case ',', ';' -> emit(Kind.SEPARATOR, String.valueOf(c), 1);
            case '=', '<', '>' -> emit(Kind.RELATION, String.valueOf(c), 1);
            default -> throw new UnverifiableAnswerException("unexpected character '" + c + "' in a math answer");
        }
    }

    private void emit(Kind kind, String tokenText, int length) {
        tokens.add(new Token(kind, tokenText, null, spaceBefore));
        position += length;
    }

    private void number() {
        int start = position;
        while (position < text.length() && isDigit(text.charAt(position))) {
            position++;
        }
        boolean fractional = position + 1 < text.length() && text.charAt(position) == '.'
                && (isDigit(text.charAt(position + 1)) || text.startsWith("\\overline{", position + 1));
        if (fractional) {
            position++;
            while (position < text.length() && isDigit(text.charAt(position))) {
                position++;
            }
        }
        String literal = text.substring(start, position);
        Rational value = Rational.parseDecimal(literal.endsWith(".") ? literal + "0" : literal);
        if (text.startsWith("\\overline{", position)) {
            value = withRepetend(literal, value);
        }
        tokens.add(new Token(Kind.NUMBER, literal, value, spaceBefore));
    }

    /** {@code 0.1\overline{6}}: the literal plus the repeating digits' value, {@code d / (10^k (10^n - 1))}. */
    private Rational withRepetend(String literal, Rational value) {
        int open = position + "\\overline{".length();
        int close = text.indexOf('}', open);
        String digits = close < 0 ? "" : text.substring(open, close);
        if (digits.isEmpty() || !digits.chars().allMatch(LatexLexer::isDigit) || digits.length() > 1000) {
            throw new UnverifiableAnswerException("malformed repeating decimal after " + literal);
        }
        position = close + 1;
        int decimals = literal.contains(".") ? literal.length() - literal.indexOf('.') - 1 : 0;
        BigInteger denominator = BigInteger.TEN.pow(digits.length()).subtract(BigInteger.ONE)
                .multiply(BigInteger.TEN.pow(decimals));
        return value.add(Rational.of(new BigInteger(digits), denominator));
    }

    private void word() {
        int start = position;
        while (position < text.length() && isLatin(text.charAt(position))) {
            position++;
        }
        String run = text.substring(start, position);
        if (SEPARATOR_WORDS.contains(run.toLowerCase())) {
            tokens.add(new Token(Kind.SEPARATOR, "or", null, spaceBefore));
        } else if (FUNCTIONS.contains(run)) {
            tokens.add(new Token(Kind.FUNCTION, run, null, spaceBefore));
        } else if (run.equals("sqrt")) {
            tokens.add(new Token(Kind.COMMAND, "sqrt", null, spaceBefore));
        } else if (run.equals("pi")) {
            tokens.add(new Token(Kind.SYMBOL, "pi", null, spaceBefore));
        } else if (run.length() > 2) {
            throw new UnverifiableAnswerException("the word '" + run + "' is not math");
        } else {
            for (int i = 0; i < run.length(); i++) {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(run.charAt(i)), null, spaceBefore && i == 0));
            }
            subscript();
        }
    }

    /** {@code x_1}, {@code x_{12}}: the subscript becomes part of the last symbol's name. */
    private void subscript() {
        if (position >= text.length() || text.charAt(position) != '_') {
            return;
        }
        int start = position + 1;
        int end;
        String name;
        if (start < text.length() && text.charAt(start) == '{') {
            end = text.indexOf('}', start);
            if (end < 0) {
                throw new UnverifiableAnswerException("unclosed subscript");
            }
            name = text.substring(start + 1, end);
            end++;
        } else if (start < text.length()) {
            end = start + 1;
            name = text.substring(start, end);
        } else {
            throw new UnverifiableAnswerException("empty subscript");
        }
        Token last = tokens.remove(tokens.size() - 1);
        tokens.add(new Token(Kind.SYMBOL, last.text() + "_" + name.strip(), null, last.spaceBefore()));
        position = end;
    }

    private void command() {
        int start = position + 1;
        int end = start;
        while (end < text.length() && isLatin(text.charAt(end))) {
            end++;
        }
        if (end == start) {
            char escaped = start < text.length() ? text.charAt(start) : ' ';
            if (escaped == '{' || escaped == '}') {
                emit(escaped == '{' ? Kind.OPEN : Kind.CLOSE, "\\" + escaped, 2);
                return;
            }
            throw new UnverifiableAnswerException("unsupported escape '\\" + escaped + "'");
        }
        String name = text.substring(start, end);
        Token known = COMMANDS.get(name);
        if (known != null) {
            tokens.add(new Token(known.kind(), known.text(), null, spaceBefore));
        } else if (FUNCTIONS.contains(name)) {
            tokens.add(new Token(Kind.FUNCTION, name, null, spaceBefore));
        } else if (GREEK.contains(name)) {
            tokens.add(new Token(Kind.SYMBOL, name, null, spaceBefore));
        } else {
            throw new UnverifiableAnswerException("unsupported LaTeX command \\" + name);
        }
        position = end;
        if (known == null || known.kind() == Kind.SYMBOL) {
            subscript();
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLatin(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
