/** The template (R1-Zero by default) that turns a user's prompt into the text the policy continues. */
package dev.grpo.producers.template;
