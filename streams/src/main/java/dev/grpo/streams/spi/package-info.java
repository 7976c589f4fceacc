/**
 * The service-provider interface of the stream apps, for authors of rewards: the contract an in-process reward
 * implements ({@link dev.grpo.streams.spi.RewardFunction}, registered in
 * {@code META-INF/services/dev.grpo.streams.spi.RewardFunction}; the {@link dev.grpo.streams.spi.Completion} it
 * scores, the {@link dev.grpo.streams.spi.Score} it returns, the {@link dev.grpo.streams.spi.RewardFunctionConfig} it
 * is configured with and the {@link dev.grpo.streams.spi.UnscorableCompletionException} it throws), and the building
 * blocks a reward stage of another module builds its topology from, as the apps' own processors do ({@link
 * dev.grpo.streams.spi.StreamTopics}, {@link dev.grpo.streams.spi.SourceRecord}, {@link
 * dev.grpo.streams.spi.SinkLimit}, {@link dev.grpo.streams.spi.DeadLetters}, {@link
 * dev.grpo.streams.spi.RequiredTopics}). It is the bottom of the module: it depends on no other package of
 * {@code dev.grpo.streams}, so the apps ({@code dev.grpo.streams}) and their internals
 * ({@code dev.grpo.streams.internal}) both build on it without a cycle.
 */
package dev.grpo.streams.spi;
