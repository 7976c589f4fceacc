package dev.grpo.policy;

/** How the sampler runs the model at each step. */
public enum Decoding {
    /** Feed only the new token, attending over cached keys and values: the normal mode. */
    KV_CACHE,
    /** Re-run the whole sequence every step; slow, kept as the reference the cache is checked against. */
    FULL_RECOMPUTE
}
