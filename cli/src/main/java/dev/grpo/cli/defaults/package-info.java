/**
 * Where the options of the {@code grpo} commands take their defaults from when a flag is not given: the environment
 * ({@code GRPO_<OPTION>}), then a config file ({@code grpo --config FILE} or {@code GRPO_CONFIG}), then the built-in
 * default; and the {@code --help} section that names where each default came from.
 */
package dev.grpo.cli.defaults;
