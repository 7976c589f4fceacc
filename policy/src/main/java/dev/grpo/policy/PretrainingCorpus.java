package dev.grpo.policy;

import java.util.SplittableRandom;

/**
 * An endless, seeded stream of R1-Zero-format samples for the train side of an {@link ArithmeticTask}.
 *
 * <p>Step-by-step work adds column by column from the right, e.g. for {@code 47+38=}:
 * {@code <think>7+8=15, write 5, carry 1. 4+3+1=8, write 8. so 85</think><answer>85</answer>}; a mixed sample
 * may read {@code 7+8=15，写5，carry 1. 4+3+1=8, write 8. 所以85}.
 */
public final class PretrainingCorpus {

    private final ArithmeticTask task;
    private final CorpusMix mix;
    private final SplittableRandom random;

    /**
     * @param task the task whose train split is used
     * @param mix the imperfections
     * @param seed seeds the stream
     */
    public PretrainingCorpus(ArithmeticTask task, CorpusMix mix, long seed) {
        this.task = task;
        this.mix = mix;
        this.random = new SplittableRandom(seed);
    }

    /** @return the next sample, for a problem of the train split */
    public CorpusSample next() {
        return sample(task.draw(random, Split.TRAIN));
    }

    /**
     * Writes a sample for a given problem, drawing its style and imperfections from this corpus's stream.
     *
     * @param problem the problem
     * @return the sample
     */
    public CorpusSample sample(ArithmeticProblem problem) {
        if (random.nextDouble() < mix.directFraction()) {
            return direct(problem);
        }
        boolean mixed = random.nextDouble() < mix.mixedFraction();
        return steps(problem, mixed);
    }

    private CorpusSample direct(ArithmeticProblem problem) {
        int truth = problem.left() + problem.right();
        int answer = random.nextDouble() < mix.directAccuracy() ? truth : nearMiss(truth);
        return new CorpusSample(problem, problem.prompt(), "<think></think>" + answerTag(answer), ReasoningStyle.DIRECT,
                answer == truth);
    }

    private int nearMiss(int truth) {
        while (true) {
            int miss = random.nextBoolean()
                    ? truth + (random.nextBoolean() ? 1 : -1) * random.nextInt(1, 11)
                    : flipDigit(truth);
            if (miss >= 0 && miss != truth) {
                return miss;
            }
        }
    }

    private int flipDigit(int value) {
        char[] digits = Integer.toString(value).toCharArray();
        int at = random.nextInt(digits.length);
        digits[at] = (char) ('0' + random.nextInt(at == 0 && digits.length > 1 ? 1 : 0, 10));
        return Integer.parseInt(new String(digits));
    }

    private CorpusSample steps(ArithmeticProblem problem, boolean mixed) {
        String left = new StringBuilder(Integer.toString(problem.left())).reverse().toString();
        String right = new StringBuilder(Integer.toString(problem.right())).reverse().toString();
        int columns = Math.max(left.length(), right.length());
        int slipColumn = random.nextDouble() < mix.slipRate() ? random.nextInt(columns) : -1;
        StringBuilder work = new StringBuilder();
        StringBuilder result = new StringBuilder();
        int carry = 0;
        for (int column = 0; column < columns; column++) {
            StringBuilder terms = new StringBuilder();
            int sum = addTerm(terms, left, column) + addTerm(terms, right, column);
            if (carry > 0) {
                terms.append(terms.length() > 0 ? "+" : "").append(carry);
                sum += carry;
            }
            if (column == slipColumn) {
                sum = sum == 0 ? 1 : sum + (random.nextBoolean() ? 1 : -1);
            }
            boolean last = column == columns - 1;
            work.append(column == 0 ? "" : " ").append(terms).append('=').append(sum);
            int written = last ? sum : sum % 10;
            carry = last ? 0 : sum / 10;
            work.append(phrase(mixed, ", write ", "，写")).append(written);
            if (carry > 0) {
                work.append(phrase(mixed, ", carry ", "，进")).append(carry);
            }
            work.append(phrase(mixed, ".", "。"));
            result.insert(0, written);
        }
        int answer = Integer.parseInt(result.toString());
        work.append(phrase(mixed, " so ", " 所以")).append(answer);
        String completion = "<think>" + work + "</think>" + answerTag(answer);
        boolean chinese = completion.codePoints().anyMatch(c -> c > 0x7f);
        return new CorpusSample(problem, problem.prompt(), completion,
                chinese ? ReasoningStyle.MIXED_STEPS : ReasoningStyle.STEPS, answer == problem.left() + problem.right());
    }

    private static int addTerm(StringBuilder terms, String reversedDigits, int column) {
        if (column >= reversedDigits.length()) {
            return 0;
        }
        int digit = reversedDigits.charAt(column) - '0';
        terms.append(terms.length() > 0 ? "+" : "").append(digit);
        return digit;
    }

    private String phrase(boolean mixed, String english, String chinese) {
        return mixed && random.nextDouble() < mix.chineseShare() ? chinese : english;
    }

    private static String answerTag(int answer) {
        return "<answer>" + answer + "</answer>";
    }
}
