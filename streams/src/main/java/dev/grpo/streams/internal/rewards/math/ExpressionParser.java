package dev.grpo.streams.internal.rewards.math;

import dev.grpo.streams.internal.rewards.math.Token.Kind;
import java.util.List;
import java.util.Optional;

/**
 * Recursive-descent parser that evaluates one math expression (no top-level commas or relations)
 * straight into its exact {@link RationalExpression}. Implicit multiplication ({@code 2x},
 * {@code 2\sqrt{3}}, {@code (x+1)(x-1)}) binds like explicit multiplication; {@code -x^2} is
 * {@code -(x^2)}; an integer directly followed by a proper fraction of integers is a mixed number
 * ({@code 2\frac{1}{2} = 5/2}), as in competition answer keys; a multi-digit exponent without
 * braces is read whole ({@code 2^10 = 1024}), as plain-text answers mean it.
 */
final class ExpressionParser {

    private final List<Token> tokens;
    private final int plusMinusSign;
    private final Deadline deadline;
    private int position;
    private int absoluteDepth;

    private ExpressionParser(List<Token> tokens, int plusMinusSign, Deadline deadline) {
        this.tokens = tokens;
        this.plusMinusSign = plusMinusSign;
        this.deadline = deadline;
    }

    /**
     * The value of the tokens, which must form exactly one expression; each {@code \pm} takes the
     * sign {@code plusMinusSign} (+1 or -1).
     */
    static RationalExpression evaluate(List<Token> tokens, int plusMinusSign, Deadline deadline) {
        ExpressionParser parser = new ExpressionParser(tokens, plusMinusSign, deadline);
        RationalExpression value = parser.expression();
        if (!parser.peek().is(Kind.END)) {
            throw new UnverifiableAnswerException("unexpected '" + parser.peek().text() + "' after an expression");
        }
        return value;
    }

    private Token peek() {
        return position < tokens.size() ? tokens.get(position) : new Token(Kind.END, "", null, false);
    }

    private Token advance() {
        Token token = peek();
        position++;
        return token;
    }

    private void expect(Kind kind, String text) {
        Token token = advance();
        if (!token.is(kind, text)) {
            throw new UnverifiableAnswerException("expected '" + text + "' but found '" + token.text() + "'");
        }
    }

    private RationalExpression expression() {
        RationalExpression value = term();
        while (true) {
            deadline.check();
            Token token = peek();
            if (token.is(Kind.OPERATOR, "+") || token.is(Kind.OPERATOR, "-")) {
                advance();
                RationalExpression right = term();
                value = token.text().equals("+") ? value.add(right, deadline) : value.subtract(right, deadline);
            } else if (token.is(Kind.PLUS_MINUS)) {
                advance();
                RationalExpression right = term();
                value = sign(token) > 0 ? value.add(right, deadline) : value.subtract(right, deadline);
            } else {
                return value;
            }
        }
    }

    private int sign(Token plusMinus) {
        return plusMinus.text().equals("+") ? plusMinusSign : -plusMinusSign;
    }

    private RationalExpression term() {
        RationalExpression value = unary();
        while (true) {
            deadline.check();
            Token token = peek();
            if (token.is(Kind.OPERATOR, "*")) {
                advance();
                value = value.multiply(unary(), deadline);
            } else if (token.is(Kind.OPERATOR, "/")) {
                advance();
                value = value.divide(unary(), deadline);
            } else if (startsFactor(token)) {
                value = value.multiply(power(), deadline);
            } else {
                return value;
            }
        }
    }

    /** Whether the token starts an implicit factor; a bare number never does, so "1 000" is not read as 0. */
    private boolean startsFactor(Token token) {
        return switch (token.kind()) {
            case SYMBOL, FUNCTION, COMMAND -> true;
            case OPEN -> !token.text().equals("\\{");
            case OPERATOR -> token.text().equals("|") && absoluteDepth == 0;
            default -> false;
        };
    }

    private RationalExpression unary() {
        Token token = peek();
        if (token.is(Kind.OPERATOR, "-")) {
            advance();
            return unary().negate();
        }
        if (token.is(Kind.OPERATOR, "+")) {
            advance();
            return unary();
        }
        if (token.is(Kind.PLUS_MINUS)) {
            advance();
            RationalExpression operand = unary();
            return sign(token) > 0 ? operand : operand.negate();
        }
        return power();
    }

    private RationalExpression power() {
        RationalExpression base = postfix();
        if (!peek().is(Kind.OPERATOR, "^")) {
            return base;
        }
        advance();
        RationalExpression exponent = exponent();
        return Powers.raise(base, exponent, deadline);
    }

    private RationalExpression exponent() {
        Token token = peek();
        if (token.is(Kind.OPEN, "{")) {
            return group();
        }
        if (token.is(Kind.OPERATOR, "-")) {
            advance();
            return exponent().negate();
        }
        return power();
    }

    private RationalExpression postfix() {
        RationalExpression value = primary();
        while (peek().is(Kind.OPERATOR, "!")) {
            advance();
            value = Powers.factorial(value);
        }
        return value;
    }

    private RationalExpression primary() {
        deadline.check();
        Token token = advance();
        return switch (token.kind()) {
            case NUMBER -> number(token);
            case SYMBOL -> symbol(token.text());
            case OPEN -> bracketed(token);
            case COMMAND -> command(token.text());
            case FUNCTION -> function(token.text());
            case OPERATOR -> {
                if (!token.text().equals("|")) {
                    throw new UnverifiableAnswerException("unexpected '" + token.text() + "'");
                }
                yield absolute();
            }
            default -> throw new UnverifiableAnswerException(
                    token.is(Kind.END) ? "expression ends too early" : "unexpected '" + token.text() + "'");
        };
    }

    private RationalExpression number(Token token) {
        Rational whole = token.value();
        if (whole.isInteger() && !token.text().contains(".") && peek().is(Kind.COMMAND, "frac")) {
            int mark = position;
            advance();
            RationalExpression fraction = group().divide(group(), deadline);
            Optional<Rational> proper = fraction.rationalValue()
                    .filter(f -> f.signum() > 0 && f.compareTo(Rational.ONE) < 0);
            if (proper.isPresent() && integerLiteralsOnly(mark)) {
                return RationalExpression.of(whole.add(proper.get()));
            }
            position = mark;
        }
        return RationalExpression.of(whole);
    }

    /** Whether the \frac starting at {@code mark} is {@code \frac{int}{int}} (so a mixed number). */
    private boolean integerLiteralsOnly(int mark) {
        return tokens.subList(mark + 1, position).stream()
                .allMatch(t -> t.is(Kind.OPEN, "{") || t.is(Kind.CLOSE, "}") || t.is(Kind.NUMBER) && !t.text().contains("."));
    }

    private static RationalExpression symbol(String name) {
        if (name.equals("i")) {
            return RationalExpression.of(Polynomial.term(Rational.ONE, Monomial.imaginaryUnit()));
        }
        return RationalExpression.symbol(name);
    }

    private RationalExpression bracketed(Token open) {
        if (open.text().equals("{")) {
            position--;
            return group();
        }
        if (open.text().equals("\\{")) {
            throw new UnverifiableAnswerException("a set inside an expression");
        }
        RationalExpression value = expression();
        expect(Kind.CLOSE, open.text().equals("(") ? ")" : "]");
        return value;
    }

    /** A LaTeX argument: {@code {expression}}, or a single factor when the braces are left out. */
    private RationalExpression group() {
        if (!peek().is(Kind.OPEN, "{")) {
            return postfix();
        }
        advance();
        RationalExpression value = expression();
        expect(Kind.CLOSE, "}");
        return value;
    }

    private RationalExpression command(String name) {
        return switch (name) {
            case "frac" -> group().divide(group(), deadline);
            case "binom" -> Powers.binomial(group(), group());
            case "sqrt" -> squareRoot();
            default -> throw new UnverifiableAnswerException("unsupported command \\" + name);
        };
    }

    private RationalExpression squareRoot() {
        int index = 2;
        if (peek().is(Kind.OPEN, "[")) {
            advance();
            RationalExpression indexValue = expression();
            expect(Kind.CLOSE, "]");
            index = indexValue.rationalValue().filter(Rational::isInteger).filter(r -> r.signum() > 0)
                    .filter(r -> r.compareTo(Rational.of(64)) <= 0).map(r -> r.numerator().intValue())
                    .orElseThrow(() -> new UnverifiableAnswerException("root index must be an integer from 1 to 64"));
        }
        RationalExpression radicand = peek().is(Kind.OPEN, "(") ? primary() : group();
        return Powers.root(radicand, index, deadline);
    }

    private RationalExpression function(String name) {
        RationalExpression exponent = null;
        if (peek().is(Kind.OPERATOR, "^")) {
            advance();
            exponent = exponent();
        }
        RationalExpression argument = peek().is(Kind.OPEN, "(") || peek().is(Kind.OPEN, "{") ? primary() : power();
        RationalExpression applied = RationalExpression.symbol(name + "(" + argument + ")");
        return exponent == null ? applied : Powers.raise(applied, exponent, deadline);
    }

    private RationalExpression absolute() {
        absoluteDepth++;
        RationalExpression inside = expression();
        absoluteDepth--;
        expect(Kind.OPERATOR, "|");
        return Powers.absolute(inside);
    }
}
