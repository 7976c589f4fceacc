/** How every stage encodes a {@code DeadLetter} so that it always fits the dead-letter topic and its producer. */
package dev.grpo.schemas.deadletter;
