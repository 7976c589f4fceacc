/** {@code grpo bench model}: sampler tokens/s and learner step time of models side by side, in one run. */
package dev.grpo.bench.model;
