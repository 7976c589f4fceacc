/** The reactive generation pipeline, one Reactor operator per class. */
package dev.grpo.producers.internal.pipeline;
