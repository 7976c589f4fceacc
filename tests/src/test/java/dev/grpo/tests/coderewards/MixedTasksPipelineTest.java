package dev.grpo.tests.coderewards;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.GroupAssemblerApp;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.StreamAppConfig;
import dev.grpo.streams.StreamsApp;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.grpo.tests.coderewards.CodeRollouts.ADD_SPEC;
import static dev.grpo.tests.coderewards.CodeRollouts.CORRECT;
import static dev.grpo.tests.coderewards.CodeRollouts.WRONG;
import static dev.grpo.tests.coderewards.CodeRollouts.rollout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A mixed math + code run on the embedded broker: the group assembler runs the rule rewards with the code component
 * scoped to code tasks ({@code weight.code=1}, {@code tasks.code=code}, {@code tasks.accuracy=arithmetic}) and the
 * code-reward stage, in a JVM of its own, is killed with SIGKILL mid-run and restarted. Math groups are assembled
 * before the code-reward stage even starts; every code group waits for its code scores; in the end every member of
 * every group has exactly one advantage, and every code rollout exactly one committed code score, matching what its
 * program deserves.
 */
@ExtendWith(KafkaClusterExtension.class)
class MixedTasksPipelineTest {

    private static final int GROUP_SIZE = 4;
    private static final int MATH_GROUPS = 6;
    private static final int CODE_GROUPS = 12;
    private static final String SYNTAX_ERROR = "<think>define it</think><answer>```python\ndef solve(:\n```</answer>";
    private static final String NO_PROGRAM = "<think>hmm</think>I would add the two numbers.";
    private static final String TOO_SLOW = "<answer>```python\nwhile True:\n    pass\n```</answer>";
    /** What each member of a code group submits, and the code score it deserves. */
    private static final List<String> CODE_MEMBERS = List.of(CORRECT, WRONG, SYNTAX_ERROR, NO_PROGRAM);
    private static final List<Double> CODE_SCORES = List.of(1.0, 0.0, 0.0, 0.0);
    private static final RewardConfig MIXED = RewardConfig.defaults().with(Map.of("weight.code", "1.0",
            "tasks.code", "code", "tasks.accuracy", "arithmetic"));

    @Test
    void mathNeverWaitsForCodeAndAKilledCodeStageLosesAndDuplicatesNothing(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (CodeRollouts rollouts = new CodeRollouts(kafka, "mixed");
                StreamsApp assembler = assembler(kafka, rollouts.topics(), dir)) {
            awaitRunning(assembler);
            publishGroups(rollouts);

            List<AdvantageSample> beforeCode = awaitAdvantages(kafka, rollouts.topics(), MATH_GROUPS * GROUP_SIZE);
            assertThat(beforeCode).as("only math groups are assembled while no code score exists")
                    .allSatisfy(sample -> assertThat(sample.getGroupId().toString()).startsWith("math-"))
                    .hasSize(MATH_GROUPS * GROUP_SIZE);

            Process first = CodeRewardStageProcess.launch(rollouts, kafka.bootstrapServers(), "a", dir.resolve("1.log"));
            int atKill = rollouts.awaitScores(4 + random.nextInt(12), first);
            first.destroyForcibly().waitFor();
            int committedAtKill = rollouts.committedScoreRecords().size();
            assertThat(committedAtKill).as("the kill landed mid-run (seed " + seed + ")")
                    .isLessThan(CODE_GROUPS * GROUP_SIZE);

            Process second = CodeRewardStageProcess.launch(rollouts, kafka.bootstrapServers(), "a", dir.resolve("2.log"));
            List<AdvantageSample> all;
            try {
                all = awaitAdvantages(kafka, rollouts.topics(), (MATH_GROUPS + CODE_GROUPS) * GROUP_SIZE);
                assertThat(rollouts.awaitConsumed(60)).as("the restarted stage consumed every rollout; log: "
                        + Files.readString(dir.resolve("2.log"))).isTrue();
            } finally {
                second.destroy();
                second.waitFor(40, TimeUnit.SECONDS);
            }

            String context = "seed " + seed + ", killed after " + atKill + " (" + committedAtKill + " committed)";
            assertEveryMemberHasOneAdvantage(all, context);
            assertCodeScoresAreExactlyOnceAndRight(rollouts.committedScores(), context);
            assertThat(kafka.readToEnd(rollouts.topics().advantages())).as("nothing assembled twice, " + context)
                    .hasSize((MATH_GROUPS + CODE_GROUPS) * GROUP_SIZE);
            assertThat(rollouts.committedDeadLetters()).as("dead letters, " + context).isEmpty();
        }
    }

    /** Math groups (two right answers, two wrong) and code groups; two code groups have a program that never ends. */
    private static void publishGroups(CodeRollouts rollouts) {
        for (int g = 0; g < MATH_GROUPS; g++) {
            for (int i = 0; i < GROUP_SIZE; i++) {
                String answer = i % 2 == 0 ? "<think>2 + 3 = 5</think><answer>5</answer>" : "<answer>6</answer>";
                rollouts.publish(Rollout.newBuilder(rollout("math-" + g, i, answer, null)).setGroundTruth("5").build());
            }
        }
        for (int g = 0; g < CODE_GROUPS; g++) {
            for (int i = 0; i < GROUP_SIZE; i++) {
                String completion = g < 2 && i == 3 ? TOO_SLOW : CODE_MEMBERS.get(i);
                rollouts.publish(rollout("code-" + g, i, completion, ADD_SPEC));
            }
        }
    }

    private static void assertEveryMemberHasOneAdvantage(List<AdvantageSample> all, String context) {
        assertThat(all.stream().map(s -> s.getRolloutId().toString()).distinct().count())
                .as("one advantage per member, " + context).isEqualTo((long) all.size());
        Map<String, List<AdvantageSample>> groups = all.stream()
                .collect(Collectors.groupingBy(s -> s.getGroupId().toString()));
        assertThat(groups).hasSize(MATH_GROUPS + CODE_GROUPS);
        groups.forEach((group, members) -> {
            assertThat(members).as(group).hasSize(GROUP_SIZE);
            assertThat(members.stream().mapToDouble(AdvantageSample::getAdvantage).sum()).as(group)
                    .isCloseTo(0.0, within(1e-9));
            for (AdvantageSample member : members) {
                Map<String, Double> components = new HashMap<>();
                member.getRewardComponents().forEach((name, value) -> components.put(name.toString(), value));
                if (group.startsWith("math-")) {
                    assertThat(components).as(member.getRolloutId() + " (math)").containsOnlyKeys("accuracy",
                            "format", "language_consistency");
                } else {
                    assertThat(components).as(member.getRolloutId() + " (code)").containsOnlyKeys("format",
                            "language_consistency", "code");
                    assertThat(components.get("code")).as(member.getRolloutId().toString())
                            .isEqualTo(CODE_SCORES.get(member.getIndex()));
                }
            }
        });
    }

    private static void assertCodeScoresAreExactlyOnceAndRight(Map<String, List<RewardScore>> scores, String context) {
        assertThat(scores).as("a code score for every code rollout and no math one, " + context)
                .hasSize(CODE_GROUPS * GROUP_SIZE)
                .allSatisfy((id, each) -> assertThat(id).startsWith("code-"));
        scores.forEach((id, each) -> {
            assertThat(each).as("committed code scores of " + id + ", " + context).hasSize(1);
            int index = Integer.parseInt(id.substring(id.indexOf('/') + 1));
            assertThat(each.get(0).getValue()).as(id).isEqualTo(CODE_SCORES.get(index));
        });
        String slow = scores.get("code-0/3").get(0).getDetails().toString();
        assertThat(slow).contains("timeout");
        assertThat(scores.get("code-5/2").get(0).getDetails().toString()).contains("compile error: SyntaxError");
        assertThat(scores.get("code-5/1").get(0).getDetails().toString()).contains("wrong answer on test 1 of 1");
    }

    private static StreamsApp assembler(KafkaCluster kafka, StreamTopics topics, Path dir) {
        StreamAppConfig settings = new StreamAppConfig(KafkaClusterConfig.of(kafka.bootstrapServers()), topics.prefix() + "assembler",
                dir.resolve("assembler"), 1, Duration.ofMillis(100), Map.of());
        return new GroupAssemblerApp(settings, MIXED, topics, true).start();
    }

    private static void awaitRunning(StreamsApp app) {
        await("the assembler starts").atMost(KafkaCluster.PATIENCE).pollInterval(Duration.ofMillis(50))
                .failFast("the assembler failed", () -> app.state() == KafkaStreams.State.ERROR)
                .until(app::state, state -> state == KafkaStreams.State.RUNNING);
    }

    /** Waits until at least {@code count} advantages are committed and returns them all. */
    private static List<AdvantageSample> awaitAdvantages(KafkaCluster kafka, StreamTopics topics, int count) {
        return await(count + " advantages committed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> kafka.readToEnd(topics.advantages()).stream()
                        .map(r -> RecordSerdes.advantageSample().decode(r)).toList(), committed -> committed.size() >= count);
    }
}
