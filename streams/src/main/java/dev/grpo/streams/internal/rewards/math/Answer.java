package dev.grpo.streams.internal.rewards.math;

import dev.grpo.streams.internal.rewards.math.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The structure of a parsed answer: one value, an unordered list or set of values, or an ordered
 * tuple or interval with its brackets. Items are values or relations such as {@code x \le 3}.
 * A {@code \pm} turns one value into the two values it stands for.
 *
 * @param shape how the items relate
 * @param open the opening bracket of an ordered answer ("" otherwise)
 * @param close the closing bracket of an ordered answer ("" otherwise)
 * @param items the values or relations, in the order written
 */
record Answer(Shape shape, String open, String close, List<Item> items) {

    /** How the items of an answer relate. */
    enum Shape { SINGLE, UNORDERED, ORDERED }

    /** One element of an answer. */
    sealed interface Item permits Value, Relation {
    }

    /**
     * A value, possibly given as {@code x = value}.
     *
     * @param value its exact form
     * @param variable the symbol it was assigned to ({@code x} in {@code x = 5}), or null
     */
    record Value(RationalExpression value, String variable) implements Item {

        /** The same statement as a relation, {@code variable = value}. */
        Relation asEquation() {
            return new Relation(RationalExpression.symbol(variable), "=", value);
        }
    }

    /**
     * A relation {@code left operator right}, oriented so the operator is one of
     * {@code =, !=, <, <=}.
     *
     * @param left left side
     * @param operator the relation
     * @param right right side
     */
    record Relation(RationalExpression left, String operator, RationalExpression right) implements Item {
    }

    /** Parses a normalised answer. @throws UnverifiableAnswerException when it is not math this parser reads */
    static Answer parse(String normalised, Deadline deadline) {
        List<Token> tokens = LatexLexer.tokens(normalised, deadline);
        List<Token> body = tokens.subList(0, tokens.size() - 1);
        if (body.isEmpty()) {
            throw new UnverifiableAnswerException("empty answer");
        }
        if (enclosed(body)) {
            String open = body.get(0).text();
            String close = body.get(body.size() - 1).text();
            List<List<Token>> parts = split(body.subList(1, body.size() - 1));
            if (open.equals("\\{")) {
                return new Answer(Shape.UNORDERED, "", "", items(parts, deadline));
            }
            if (parts.size() > 1) {
                return new Answer(Shape.ORDERED, open, close, items(parts, deadline));
            }
        }
        List<List<Token>> parts = split(body);
        List<Item> items = items(parts, deadline);
        return new Answer(items.size() == 1 ? Shape.SINGLE : Shape.UNORDERED, "", "", items);
    }

    /** Whether the first token opens a bracket that the last token closes. */
    private static boolean enclosed(List<Token> body) {
        if (!body.get(0).is(Kind.OPEN) || body.get(0).text().equals("{") || !body.get(body.size() - 1).is(Kind.CLOSE)) {
            return false;
        }
        int depth = 0;
        for (int i = 0; i < body.size(); i++) {
            Token token = body.get(i);
            depth += token.is(Kind.OPEN) ? 1 : token.is(Kind.CLOSE) ? -1 : 0;
            if (depth == 0) {
                return i == body.size() - 1;
            }
        }
        return false;
    }

    /** Splits at commas, semicolons and "or"/"and" outside brackets. */
    private static List<List<Token>> split(List<Token> tokens) {
        List<List<Token>> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            depth += token.is(Kind.OPEN) ? 1 : token.is(Kind.CLOSE) ? -1 : 0;
            if (depth == 0 && token.is(Kind.SEPARATOR)) {
                parts.add(tokens.subList(start, i));
                start = i + 1;
            }
        }
        parts.add(tokens.subList(start, tokens.size()));
        if (parts.stream().anyMatch(List::isEmpty)) {
            throw new UnverifiableAnswerException("empty element in a list");
        }
        return parts;
    }

    private static List<Item> items(List<List<Token>> parts, Deadline deadline) {
        List<Item> items = new ArrayList<>();
        for (List<Token> part : parts) {
            items.addAll(item(part, deadline));
        }
        return items;
    }

    private static List<Item> item(List<Token> part, Deadline deadline) {
        List<Integer> relations = new ArrayList<>();
        int depth = 0;
        for (int i = 0; i < part.size(); i++) {
            Token token = part.get(i);
            depth += token.is(Kind.OPEN) ? 1 : token.is(Kind.CLOSE) ? -1 : 0;
            if (depth == 0 && token.is(Kind.RELATION)) {
                relations.add(i);
            }
        }
        if (relations.isEmpty()) {
            return values(part, null, deadline);
        }
        if (relations.size() > 1) {
            throw new UnverifiableAnswerException("chained relations");
        }
        int at = relations.get(0);
        List<Token> left = part.subList(0, at);
        List<Token> right = part.subList(at + 1, part.size());
        String operator = part.get(at).text();
        if (operator.equals("=") && left.size() == 1 && left.get(0).is(Kind.SYMBOL)) {
            return values(right, left.get(0).text(), deadline);
        }
        return List.of(relation(value(left, 1, deadline), operator, value(right, 1, deadline)));
    }

    private static Relation relation(RationalExpression left, String operator, RationalExpression right) {
        return switch (operator) {
            case ">" -> new Relation(right, "<", left);
            case ">=" -> new Relation(right, "<=", left);
            default -> new Relation(left, operator, right);
        };
    }

    private static List<Item> values(List<Token> tokens, String variable, Deadline deadline) {
        boolean plusMinus = tokens.stream().anyMatch(t -> t.is(Kind.PLUS_MINUS));
        Value plus = new Value(value(tokens, 1, deadline), variable);
        if (!plusMinus) {
            return List.of(plus);
        }
        Value minus = new Value(value(tokens, -1, deadline), variable);
        return plus.value().sameValueAs(minus.value(), deadline) ? List.of(plus) : List.of(plus, minus);
    }

    private static RationalExpression value(List<Token> tokens, int plusMinusSign, Deadline deadline) {
        if (tokens.isEmpty()) {
            throw new UnverifiableAnswerException("missing side of a relation");
        }
        List<Token> terminated = new ArrayList<>(tokens);
        terminated.add(new Token(Kind.END, "", null, false));
        return ExpressionParser.evaluate(terminated, plusMinusSign, deadline);
    }
}
