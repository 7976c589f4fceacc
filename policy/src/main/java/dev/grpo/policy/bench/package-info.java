/** Benchmarks of the policy module, run by hand (not tests): sampler speed and native-memory stability. */
package dev.grpo.policy.bench;
