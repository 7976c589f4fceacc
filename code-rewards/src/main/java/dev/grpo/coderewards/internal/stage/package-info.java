/** The stage's exactly-once bookkeeping: which consumed offsets may commit while programs finish out of order. */
package dev.grpo.coderewards.internal.stage;
