/**
 * {@code grpo bench sandbox} and {@code grpo bench code}: what the bubblewrap sandbox and the code reward can run
 * per second.
 */
package dev.grpo.bench.code;
