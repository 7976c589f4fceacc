package dev.grpo.streams.internal.rewards.math;

/**
 * Plain decimal integers ({@code 42}, {@code -7}, {@code 0012}): the most common final answer, decided by
 * comparing digits, without normalising or parsing. Exact for any length.
 */
final class IntegerLiteral {

    private IntegerLiteral() {
    }

    /** Whether {@code text} is an optional minus sign followed by ASCII digits and nothing else. */
    static boolean is(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (text.length() == start) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether two plain integers have the same value: leading zeros and the sign of zero do not count. */
    static boolean sameValue(String a, String b) {
        return canonical(a).equals(canonical(b));
    }

    private static String canonical(String literal) {
        boolean negative = literal.startsWith("-");
        int first = negative ? 1 : 0;
        while (first < literal.length() - 1 && literal.charAt(first) == '0') {
            first++;
        }
        String digits = literal.substring(first);
        return negative && !digits.equals("0") ? "-" + digits : digits;
    }
}
