/**
 * The flag vocabulary shared by the {@code grpo} commands: one picocli mixin per idea (the starting model, the
 * device, the batch size, the held-out evaluation), so that a flag means the same thing, with the same spelling, on
 * every command that takes it. Spellings the commands used before survive as hidden aliases.
 */
package dev.grpo.cli.options;
