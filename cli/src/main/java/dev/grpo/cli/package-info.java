/** The {@code grpo} command-line launcher. */
package dev.grpo.cli;
