package dev.grpo.streams.internal.rewards.math;

import java.math.BigInteger;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A polynomial in symbols (and square roots and {@code i}) with exact rational coefficients, kept
 * in a canonical form: like terms merged, zero terms dropped. Two polynomials are equal as values
 * exactly when their canonical forms are equal.
 */
final class Polynomial {

    /** Expansions producing more terms than this are refused rather than computed. */
    static final int MAX_TERMS = 4096;

    /** The zero polynomial. */
    public static final Polynomial ZERO = new Polynomial(new TreeMap<>());
    /** The constant one. */
    public static final Polynomial ONE = constant(Rational.ONE);

    private final SortedMap<Monomial, Rational> terms;

    private Polynomial(SortedMap<Monomial, Rational> terms) {
        if (terms.size() > MAX_TERMS) {
            throw new AnswerTooLargeException("expansion with more than " + MAX_TERMS + " terms");
        }
        this.terms = terms;
    }

    /** The constant {@code value}. */
    public static Polynomial constant(Rational value) {
        return term(value, Monomial.ONE);
    }

    /** The single term {@code coefficient * monomial}. */
    public static Polynomial term(Rational coefficient, Monomial monomial) {
        SortedMap<Monomial, Rational> terms = new TreeMap<>();
        if (!coefficient.isZero()) {
            terms.put(monomial, coefficient);
        }
        return new Polynomial(terms);
    }

    /** The terms, highest degree first. */
    public Map<Monomial, Rational> terms() {
        return Collections.unmodifiableSortedMap(terms);
    }

    public Polynomial add(Polynomial other) {
        SortedMap<Monomial, Rational> sum = new TreeMap<>(terms);
        other.terms.forEach((monomial, coefficient) -> accumulate(sum, monomial, coefficient));
        return new Polynomial(sum);
    }

    public Polynomial negate() {
        SortedMap<Monomial, Rational> negated = new TreeMap<>();
        terms.forEach((monomial, coefficient) -> negated.put(monomial, coefficient.negate()));
        return new Polynomial(negated);
    }

    public Polynomial subtract(Polynomial other) {
        return add(other.negate());
    }

    /** The product, checking the deadline once per term of this polynomial. */
    public Polynomial multiply(Polynomial other, Deadline deadline) {
        if ((long) terms.size() * other.terms.size() > (long) MAX_TERMS * MAX_TERMS) {
            throw new AnswerTooLargeException("product of " + terms.size() + " by " + other.terms.size() + " terms");
        }
        SortedMap<Monomial, Rational> product = new TreeMap<>();
        for (Map.Entry<Monomial, Rational> left : terms.entrySet()) {
            deadline.check();
            for (Map.Entry<Monomial, Rational> right : other.terms.entrySet()) {
                Monomial.Term merged = left.getKey().multiply(right.getKey());
                Rational coefficient = left.getValue().multiply(right.getValue()).multiply(merged.coefficient());
                accumulate(product, merged.monomial(), coefficient);
            }
            if (product.size() > MAX_TERMS) {
                throw new AnswerTooLargeException("expansion with more than " + MAX_TERMS + " terms");
            }
        }
        return new Polynomial(product);
    }

    /** This polynomial scaled by a rational. */
    public Polynomial scale(Rational factor) {
        SortedMap<Monomial, Rational> scaled = new TreeMap<>();
        if (!factor.isZero()) {
            terms.forEach((monomial, coefficient) -> scaled.put(monomial, coefficient.multiply(factor)));
        }
        return new Polynomial(scaled);
    }

    /** This polynomial to a non-negative integer power, by repeated squaring. */
    public Polynomial pow(int exponent, Deadline deadline) {
        if (exponent < 0) {
            throw new IllegalArgumentException("negative exponent " + exponent + "; use RationalExpression.pow");
        }
        if (exponent == 0) {
            return ONE;
        }
        Optional<Rational> constant = constantValue();
        if (constant.isPresent()) {
            return constant(constant.get().pow(exponent));
        }
        if (terms.size() == 1) {
            return powOfTerm(exponent);
        }
        Polynomial result = ONE;
        Polynomial base = this;
        for (int remaining = exponent; remaining > 0; remaining >>= 1) {
            deadline.check();
            if ((remaining & 1) == 1) {
                result = result.multiply(base, deadline);
            }
            if (remaining > 1) {
                base = base.multiply(base, deadline);
            }
        }
        return result;
    }

    /** {@code (c i^a sqrt(r) x^p...)^n = c^n r^(n/2) i^(an) sqrt(r)^(n mod 2) x^(pn)...}, computed directly. */
    private Polynomial powOfTerm(int exponent) {
        Map.Entry<Monomial, Rational> only = terms.entrySet().iterator().next();
        Monomial monomial = only.getKey();
        if ((long) monomial.degree() * exponent > Rational.MAX_BITS) {
            throw new AnswerTooLargeException("symbol power " + monomial + "^" + exponent);
        }
        Rational coefficient = only.getValue().pow(exponent)
                .multiply(Rational.of(monomial.radicand()).pow(exponent / 2));
        int quarterTurns = monomial.imaginary() ? exponent % 4 : 0;
        if (quarterTurns >= 2) {
            coefficient = coefficient.negate();
        }
        SortedMap<String, Integer> raised = new TreeMap<>();
        monomial.powers().forEach((symbol, power) -> raised.put(symbol, power * exponent));
        BigInteger radicand = exponent % 2 == 1 ? monomial.radicand() : BigInteger.ONE;
        return term(coefficient, new Monomial(quarterTurns % 2 == 1, radicand, raised));
    }

    /** The value when this polynomial has no symbol, root or {@code i}. */
    public Optional<Rational> constantValue() {
        if (terms.isEmpty()) {
            return Optional.of(Rational.ZERO);
        }
        if (terms.size() == 1 && terms.firstKey().isOne()) {
            return Optional.of(terms.get(terms.firstKey()));
        }
        return Optional.empty();
    }

    /** Whether every term is free of symbols (roots and {@code i} allowed). */
    public boolean isSymbolFree() {
        return terms.keySet().stream().allMatch(Monomial::isConstant);
    }

    public boolean isZero() {
        return terms.isEmpty();
    }

    /** Whether this polynomial has exactly one term. */
    public boolean isSingleTerm() {
        return terms.size() == 1;
    }

    /** The highest-ordered term's coefficient; zero for the zero polynomial. */
    public Rational leadingCoefficient() {
        return terms.isEmpty() ? Rational.ZERO : terms.get(terms.firstKey());
    }

    private static void accumulate(SortedMap<Monomial, Rational> terms, Monomial monomial, Rational coefficient) {
        Rational sum = terms.getOrDefault(monomial, Rational.ZERO).add(coefficient);
        if (sum.isZero()) {
            terms.remove(monomial);
        } else {
            terms.put(monomial, sum);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Polynomial polynomial && terms.equals(polynomial.terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    /** A canonical text: equal polynomials print alike. */
    @Override
    public String toString() {
        if (terms.isEmpty()) {
            return "0";
        }
        StringBuilder text = new StringBuilder();
        terms.forEach((monomial, coefficient) -> {
            if (text.length() > 0) {
                text.append(" + ");
            }
            text.append(coefficient.isInteger() && coefficient.signum() >= 0 ? coefficient : "(" + coefficient + ")");
            if (!monomial.isOne()) {
                text.append('*').append(monomial);
            }
        });
        return text.toString();
    }
}
