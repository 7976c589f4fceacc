/** The weights a generator samples with: following published versions and swapping them in between batches. */
package dev.grpo.producers.internal.weights;
