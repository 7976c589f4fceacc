/**
 * Held-out evaluation of a checkpoint (pass@1 and cons@k over sampled completions, scored by the rule rewards), as
 * the R1 paper reports it; used by {@code grpo eval} and before and after the demo's run.
 */
package dev.grpo.workflow.eval;
