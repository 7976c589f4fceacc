/**
 * Chat templates: a model's Jinja {@code chat_template} rendered on the JVM as Hugging Face renders it, with the
 * Python string and JSON methods templates call. {@link dev.grpo.policy.PromptFormat} decides whether a prompt goes
 * through the template or stays plain text.
 */
package dev.grpo.policy.internal.chat;
