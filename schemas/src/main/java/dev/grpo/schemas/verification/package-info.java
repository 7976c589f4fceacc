/**
 * The verification spec a prompt carries when its answers are checked by running code: the typed view of the JSON
 * text in the {@code verification} field of {@code Prompt} and {@code Rollout}.
 */
package dev.grpo.schemas.verification;
