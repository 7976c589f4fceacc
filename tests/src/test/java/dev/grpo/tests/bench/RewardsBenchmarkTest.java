package dev.grpo.tests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.bench.rewards.RewardsBenchmark;
import dev.grpo.bench.rewards.RewardsBenchmark.Config;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.bench.rewards.RewardsBenchmark.Measurement;
import dev.grpo.bench.rewards.RewardsBenchmark.Result;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code grpo bench rewards} on a small workload: every path delivers every rollout it was given, the
 * numbers it reports come from those deliveries, and it cleans up after itself. (No assertion on
 * speed: these machines are too noisy for one.) A benchmark: tagged {@code bench}, it runs with {@code -Pbench} only.
 */
@Tag("bench")
@ExtendWith(KafkaClusterExtension.class)
class RewardsBenchmarkTest {

    @Test
    void measuresEveryPathOnEveryRoundAndLeavesNoTopicsBehind(KafkaCluster kafka) throws Exception {
        Config small = new Config(64, 8, 64, 16, Duration.ofSeconds(1), 2, 1);

        Result result = RewardsBenchmark.run(KafkaClusterConfig.of(kafka.bootstrapServers()), small);

        for (Measurement path : List.of(result.raw(), result.rulesInAssembler(), result.rulesApp())) {
            assertThat(path.roundRates()).hasSize(2).allSatisfy(rate -> assertThat(rate).isPositive());
            // The JVM's process CPU clock can tick in jiffies (10 ms): a fast burst of 64 small rollouts may read
            // as zero CPU (seen in CI), so only the whole run must show work.
            assertThat(path.roundCpuMicros()).hasSize(2).allSatisfy(cpu -> assertThat(cpu).isNotNegative());
            assertThat(path.p99Millis()).isGreaterThanOrEqualTo(path.p50Millis()).isNotNegative();
        }
        assertThat(List.of(result.raw(), result.rulesInAssembler(), result.rulesApp()).stream()
                .flatMap(path -> path.roundCpuMicros().stream()).mapToDouble(Double::doubleValue).sum()).isPositive();
        assertThat(result.throughputRatio()).isPositive();
        assertThat(result.report()).contains("raw produce->consume", "rewards (rules in the assembler)",
                "rewards --rules-app (two apps)", "% (default)");
        assertThat(benchmarkTopicsAfterDeletion(kafka)).isEmpty();
    }

    /** The benchmark's topics still listed once the broker's metadata has had a few seconds to catch up. */
    private static List<String> benchmarkTopicsAfterDeletion(KafkaCluster kafka) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<String> left = kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith("bench-")).toList();
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return left;
            }
            Thread.sleep(100);
        }
    }
}
