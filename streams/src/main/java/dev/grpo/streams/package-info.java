/**
 * Kafka Streams applications that score rollouts and turn group rewards into advantages. This is the module's one API
 * package: the apps other modules start ({@link dev.grpo.streams.RuleRewardsApp},
 * {@link dev.grpo.streams.GroupAssemblerApp}, {@link dev.grpo.streams.RejectionSamplingApp}, {@link
 * dev.grpo.streams.Replay}, {@link dev.grpo.streams.OfflineScorer}) with their configuration ({@link
 * dev.grpo.streams.StreamAppConfig}, {@link dev.grpo.streams.StreamTopics}, {@link dev.grpo.streams.RewardConfig}),
 * the reward-function contract a reward stage of its own implements ({@link dev.grpo.streams.RewardFunction}, its
 * {@link dev.grpo.streams.Completion} and {@link dev.grpo.streams.Score}), and the pieces such a stage builds its
 * topology from ({@link dev.grpo.streams.SourceRecord}, {@link dev.grpo.streams.SinkLimit}, {@link
 * dev.grpo.streams.DeadLetters}, {@link dev.grpo.streams.RequiredTopics}). The topologies, processors, group state and
 * answer checking live under {@code dev.grpo.streams.internal} and are no other module's business.
 */
package dev.grpo.streams;
