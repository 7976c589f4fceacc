/**
 * Kafka Streams applications that score rollouts and turn group rewards into advantages: the package other modules
 * run them through. It holds the apps ({@link dev.grpo.streams.RuleRewardsApp}, {@link
 * dev.grpo.streams.GroupAssemblerApp}, {@link dev.grpo.streams.RejectionSamplingApp}, {@link dev.grpo.streams.Replay},
 * {@link dev.grpo.streams.OfflineScorer}), their configuration ({@link dev.grpo.streams.StreamAppConfig}, {@link
 * dev.grpo.streams.RewardConfig}, {@link dev.grpo.streams.RejectionCriteria}) and the rule rewards other modules
 * call directly ({@link dev.grpo.streams.AccuracyReward}, {@link dev.grpo.streams.LanguageConsistencyReward}). The
 * contract a reward plug-in implements, and the pieces a reward stage of another module builds from, are the
 * service-provider interface {@code dev.grpo.streams.spi}. The topologies, processors, group state and answer checking
 * live under {@code dev.grpo.streams.internal}, are no other module's business, and never depend on this package.
 */
package dev.grpo.streams;
