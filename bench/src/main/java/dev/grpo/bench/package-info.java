/**
 * The benchmarks whose numbers the project reports, each beside a baseline measured in the same run. Every one takes
 * a small settings record and prints a report; its only entry point is its {@code grpo bench ...} command. They
 * never pass or fail on a wall-clock time.
 */
package dev.grpo.bench;
