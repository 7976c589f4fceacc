package dev.grpo.streams;

/**
 * How far a running replay has got, reported a few times a second.
 *
 * @param rolloutsScored rollouts of the range the rule-reward app has committed
 * @param rollouts rollouts in the range
 * @param samples advantage samples written
 * @param deadLetters dead letters written
 * @param groupsSettled groups of the range assembled, dropped or dead-lettered
 * @param groups groups whose every member is in the range
 */
public record ReplayProgress(long rolloutsScored, long rollouts, long samples, long deadLetters, int groupsSettled,
        int groups) {
}
