/**
 * {@code grpo bench learner}: the learner's optimiser step (GRPO loss with reference and behaviour log-probs, backward,
 * AdamW) timed on a named model and a seeded synthetic batch, with the batch and its log-probs written out so that
 * {@code bench/pytorch_reference.py} can time the same step in PyTorch eager.
 */
package dev.grpo.bench.learner;
