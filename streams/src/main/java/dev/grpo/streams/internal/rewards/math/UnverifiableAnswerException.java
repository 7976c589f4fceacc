package dev.grpo.streams.internal.rewards.math;

/**
 * Thrown when an answer or a ground truth cannot be turned into a form whose equivalence can be
 * decided (it does not parse, divides by zero, is too large); the accuracy reward scores it 0.
 */
class UnverifiableAnswerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnverifiableAnswerException(String message) {
        super(message);
    }
}
