/**
 * Staleness admission control: generators claim group slots in a shared single-partition log and admit a group
 * only while the slots counted stay under {@code (version + η + 1) × groups per step}; a slot whose group is not
 * marked published within its claim's lease is released. See producers/README.md.
 */
package dev.grpo.producers.internal.admission;
