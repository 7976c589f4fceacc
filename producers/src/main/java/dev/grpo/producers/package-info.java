/**
 * Generator processes that sample grouped rollouts from the current policy and publish them to {@code grpo.rollouts}.
 * This is the module's one API package: the {@link dev.grpo.producers.Generator}, its typed configuration, prompt
 * files and templates, and its meters. Admission, sampling, weights and the pipeline live under
 * {@code dev.grpo.producers.internal} and are no other module's business.
 */
package dev.grpo.producers;
