/**
 * The bubblewrap sandbox that runs one hostile program under time, memory, process and output limits (internal:
 * used through {@link dev.grpo.coderewards.CodeVerifier}; benchmarks time it directly).
 */
package dev.grpo.coderewards.internal.sandbox;
