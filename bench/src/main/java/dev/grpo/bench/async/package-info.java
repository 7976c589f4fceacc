/**
 * {@code grpo bench async}: the demo run back to back at several staleness bounds η, with or without partial rollouts,
 * with everything else equal, so the speed-up asynchrony buys on this machine is measured in one command, with each
 * stage's busy and idle time.
 */
package dev.grpo.bench.async;
