package dev.grpo.learner.internal.batch;

import java.util.List;

/**
 * The learner's only randomness (the order of groups within a step), as a SplitMix64 generator whose whole state
 * is one long, so a checkpoint can store it and a resumed run shuffles exactly as an uninterrupted one would.
 */
public final class ShuffleRandom {

    private long state;

    /** @param state a seed, or a state saved by {@link #state()} */
    public ShuffleRandom(long state) {
        this.state = state;
    }

    /** @return the state to save */
    public long state() {
        return state;
    }

    private long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private int nextInt(int bound) {
        return (int) Math.floorMod(nextLong(), (long) bound);
    }

    /**
     * Fisher-Yates shuffle in place.
     *
     * @param items the list to shuffle
     * @param <T> the element type
     */
    public <T> void shuffle(List<T> items) {
        for (int i = items.size() - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            T swap = items.get(i);
            items.set(i, items.get(j));
            items.set(j, swap);
        }
    }
}
