package dev.grpo.streams.internal.rewards.math;

import dev.grpo.streams.internal.rewards.math.Answer.Item;
import dev.grpo.streams.internal.rewards.math.Answer.Relation;
import dev.grpo.streams.internal.rewards.math.Answer.Shape;
import dev.grpo.streams.internal.rewards.math.Answer.Value;
import dev.grpo.streams.internal.rewards.math.Verdict.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a completion's final answer is equivalent to the ground truth: normalised text
 * first, then exact values (rational arithmetic with square roots, {@code i} and symbols as
 * indeterminates), then plain words for answers that are not math. Never compares floats. Any
 * candidate answers beyond the first must be equivalent to it, else the answer is hedged.
 */
public final class AnswerEquivalence {

    /** A multiple-choice letter, compared as a word so that {@code (b)} matches {@code B}. */
    private static final Pattern CHOICE = Pattern.compile("\\(?[A-E]\\)?");

    private AnswerEquivalence() {
    }

    /** The verdict on a completion, with the check bounded by {@code deadline}. */
    public static Verdict judge(String completion, String groundTruth, Deadline deadline) {
        if (groundTruth == null || groundTruth.isBlank()) {
            return new Verdict(Outcome.UNVERIFIABLE, "no ground truth");
        }
        List<String> candidates = FinalAnswer.candidates(completion);
        if (candidates.isEmpty()) {
            return new Verdict(Outcome.NO_ANSWER, "no <answer> block and no \\boxed{} answer");
        }
        try {
            String answer = AnswerText.normalise(candidates.get(0));
            for (String other : candidates.subList(1, candidates.size())) {
                if (compare(AnswerText.normalise(other), answer, deadline).outcome() != Outcome.CORRECT) {
                    return new Verdict(Outcome.HEDGED, "several different answers: " + candidates);
                }
            }
            return compare(answer, AnswerText.normalise(groundTruth), deadline);
        } catch (DeadlineExceededException timeout) {
            return new Verdict(Outcome.TIMED_OUT, timeout.getMessage());
        }
    }

    /** Whether {@code answer} and {@code truth} are equivalent (a convenience over {@link #judge}). */
    public static boolean equivalent(String answer, String truth, Deadline deadline) {
        return compare(AnswerText.normalise(answer), AnswerText.normalise(truth), deadline).correct();
    }

    private static Verdict compare(String answer, String truth, Deadline deadline) {
        if (answer.isEmpty()) {
            return new Verdict(Outcome.NO_ANSWER, "empty answer");
        }
        if (answer.equals(truth)) {
            return new Verdict(Outcome.CORRECT, answer);
        }
        if (IntegerLiteral.is(answer) && IntegerLiteral.is(truth)) {
            return new Verdict(IntegerLiteral.sameValue(answer, truth) ? Outcome.CORRECT : Outcome.WRONG, answer);
        }
        if (CHOICE.matcher(truth).matches()) {
            return byWords(answer, truth);
        }
        Answer truthForm;
        try {
            truthForm = Answer.parse(truth, deadline);
        } catch (AnswerTooLargeException tooLarge) {
            return new Verdict(Outcome.UNVERIFIABLE, "ground truth " + tooLarge.getMessage());
        } catch (UnverifiableAnswerException notMath) {
            return byWords(answer, truth);
        }
        Answer answerForm;
        try {
            answerForm = Answer.parse(answer, deadline);
        } catch (UnverifiableAnswerException unreadable) {
            return byWords(answer, truth).correct() ? byWords(answer, truth)
                    : new Verdict(Outcome.UNVERIFIABLE, answer + ": " + unreadable.getMessage());
        }
        return new Verdict(structure(answerForm, truthForm, deadline), answer);
    }

    private static Verdict byWords(String answer, String truth) {
        boolean same = AnswerText.asWords(answer).equals(AnswerText.asWords(truth));
        return new Verdict(same ? Outcome.CORRECT : Outcome.WRONG, answer);
    }

    private static Outcome structure(Answer answer, Answer truth, Deadline deadline) {
        if (truth.shape() == Shape.ORDERED || answer.shape() == Shape.ORDERED) {
            return ordered(answer, truth, deadline);
        }
        if (truth.shape() == Shape.SINGLE || truth.items().size() == 1) {
            List<Item> distinct = distinct(answer.items(), deadline);
            if (distinct.size() > 1) {
                return Outcome.HEDGED;
            }
            return same(distinct.get(0), truth.items().get(0), deadline) ? Outcome.CORRECT : Outcome.WRONG;
        }
        return unorderedMatch(answer.items(), truth.items(), deadline) ? Outcome.CORRECT : Outcome.WRONG;
    }

    private static Outcome ordered(Answer answer, Answer truth, Deadline deadline) {
        if (answer.shape() != truth.shape() || !answer.open().equals(truth.open())
                || !answer.close().equals(truth.close()) || answer.items().size() != truth.items().size()) {
            return Outcome.WRONG;
        }
        for (int i = 0; i < truth.items().size(); i++) {
            if (!same(answer.items().get(i), truth.items().get(i), deadline)) {
                return Outcome.WRONG;
            }
        }
        return Outcome.CORRECT;
    }

    private static List<Item> distinct(List<Item> items, Deadline deadline) {
        List<Item> distinct = new ArrayList<>();
        for (Item item : items) {
            if (distinct.stream().noneMatch(seen -> same(seen, item, deadline))) {
                distinct.add(item);
            }
        }
        return distinct;
    }

    private static boolean unorderedMatch(List<Item> answer, List<Item> truth, Deadline deadline) {
        if (answer.size() != truth.size()) {
            return false;
        }
        List<Item> unmatched = new ArrayList<>(truth);
        for (Item item : answer) {
            Optional<Item> match = unmatched.stream().filter(t -> same(item, t, deadline)).findFirst();
            if (match.isEmpty()) {
                return false;
            }
            unmatched.remove(match.get());
        }
        return true;
    }

    private static boolean same(Item a, Item b, Deadline deadline) {
        if (a instanceof Value x && b instanceof Value y) {
            return x.value().sameValueAs(y.value(), deadline);
        }
        if (a instanceof Value x && x.variable() != null && b instanceof Relation) {
            return same(x.asEquation(), b, deadline);
        }
        if (b instanceof Value y && y.variable() != null && a instanceof Relation) {
            return same(a, y.asEquation(), deadline);
        }
        if (a instanceof Relation x && b instanceof Relation y && x.operator().equals(y.operator())) {
            return sameRelation(x, y, deadline);
        }
        return false;
    }

    /**
     * Relations match side by side, or (for {@code =} and {@code !=}) swapped, or when
     * {@code left - right} of one is a constant multiple of the other's: any non-zero constant for
     * (in)equations, a positive one for inequalities whose sides have no symbolic denominator.
     */
    private static boolean sameRelation(Relation x, Relation y, Deadline deadline) {
        boolean symmetric = x.operator().equals("=") || x.operator().equals("!=");
        if (x.left().sameValueAs(y.left(), deadline) && x.right().sameValueAs(y.right(), deadline)) {
            return true;
        }
        if (symmetric && x.left().sameValueAs(y.right(), deadline) && x.right().sameValueAs(y.left(), deadline)) {
            return true;
        }
        RationalExpression dx = x.left().subtract(x.right(), deadline);
        RationalExpression dy = y.left().subtract(y.right(), deadline);
        if (dx.isZero() || dy.isZero()
                || !dx.denominator().equals(Polynomial.ONE) || !dy.denominator().equals(Polynomial.ONE)) {
            return false;
        }
        Map.Entry<Monomial, Rational> lead = dx.numerator().terms().entrySet().iterator().next();
        Rational other = dy.numerator().terms().get(lead.getKey());
        if (other == null) {
            return false;
        }
        Rational ratio = other.divide(lead.getValue());
        boolean proportional = dy.numerator().subtract(dx.numerator().scale(ratio)).isZero();
        return proportional && (symmetric || ratio.signum() > 0);
    }
}
