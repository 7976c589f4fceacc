/**
 * Staleness admission control: generators claim group slots in a shared single-partition log and admit a group
 * only while the total admitted stays under {@code (version + η + 1) × groups per step}. See producers/README.md.
 */
package dev.grpo.producers.admission;
