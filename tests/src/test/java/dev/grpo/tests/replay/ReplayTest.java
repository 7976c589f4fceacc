package dev.grpo.tests.replay;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.RewardScore;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.Replay;
import dev.grpo.streams.ReplayOutputs;
import dev.grpo.streams.ReplayPosition;
import dev.grpo.streams.ReplayRange;
import dev.grpo.streams.ReplayReport;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.internal.replay.HistoryPosition;
import dev.grpo.streams.internal.replay.ReplayBounds;
import dev.grpo.streams.internal.replay.RolloutLog;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Replaying history with one reward weight changed: live apps score two batches of rollouts with
 * format weight 0, then replays re-score parts of that history with format weight 1 into topics
 * of their own while the live apps keep running.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayTest {

    private static final int G = 4;
    private static final RewardConfig LIVE = RewardConfig.defaults().with(Map.of("weight.format", "0"));
    private static final RewardConfig REPLAYED = RewardConfig.defaults().with(Map.of("weight.format", "1"));
    private static final List<String> EARLY = List.of("early-0", "early-1", "early-2");
    private static final List<String> LATE = List.of("late-0", "late-1", "late-2", "late-3");

    @TempDir
    static Path stateDir;

    private KafkaCluster kafka;
    private LiveHistory history;
    private Instant between;
    private Map<String, AdvantageSample> liveSamples;

    @BeforeAll
    void scoreTwoBatchesLive(KafkaCluster cluster) {
        kafka = cluster;
        history = LiveHistory.scoredLive(kafka, "replay", LIVE, stateDir);
        EARLY.forEach(group -> history.publishGroup(group, G, 1));
        assertThat(liveAdvantages(EARLY.size() * G)).hasSize(EARLY.size() * G);
        LiveHistory.pause(20);
        between = Instant.now();
        LiveHistory.pause(20);
        LATE.forEach(group -> history.publishGroup(group, G, 2));
        int all = (EARLY.size() + LATE.size()) * G;
        liveSamples = liveAdvantages(all).stream().collect(Collectors.toMap(s -> s.getRolloutId(), s -> s));
        assertThat(liveSamples).hasSize(all);
    }

    @AfterAll
    void stopLiveApps() {
        history.close();
    }

    @Test
    void aReplayFromATimestampRescoresOnlyLaterRolloutsWithTheNewWeightAndLeavesLiveTopicsAlone()
            throws InterruptedException {
        StreamTopics live = history.topics();
        List<String> liveTopics = List.of(live.rollouts(), live.ruleRewards(), live.advantages(), live.deadLetters());
        Map<TopicPartition, Long> liveEnds = history.endOffsets(liveTopics);
        List<String> liveContents = contents(liveTopics);
        ReplayOutputs outputs = ReplayOutputs.of(live, kafka.uniqueName("format"), Optional.empty());

        ReplayReport report = new Replay(KafkaClusterConfig.of(kafka.bootstrapServers()), outputs,
                ReplayRange.from(new ReplayPosition.Timestamp(between)), REPLAYED, false, 1).run(progress -> { });

        assertThat(report.rolloutsRead()).isEqualTo(LATE.size() * G);
        assertThat(report.samplesWritten()).isEqualTo(LATE.size() * G);
        assertThat(report.groupsAssembled()).isEqualTo(LATE.size());
        assertThat(report.groupsCut()).isZero();
        assertThat(report.deadLetters()).isZero();
        List<AdvantageSample> replayed = history.readAll(outputs.topics().advantages()).stream()
                .map(r -> RecordSerdes.advantageSample().decode(r)).toList();
        assertThat(replayed).hasSize(LATE.size() * G);
        assertThat(replayed).extracting(AdvantageSample::getGroupId).containsOnlyElementsOf(LATE);
        for (AdvantageSample sample : replayed) {
            AdvantageSample before = liveSamples.get(sample.getRolloutId());
            assertThat(sample.getRewardComponents()).isEqualTo(before.getRewardComponents());
            assertThat(sample.getRewardVersions()).isEqualTo(before.getRewardVersions());
            assertThat(sample.getReward()).as("the format component now weighs 1")
                    .isCloseTo(before.getReward() + before.getRewardComponents().get("format"), within(1e-12));
        }
        Map<String, List<AdvantageSample>> groups = replayed.stream().collect(Collectors.groupingBy(AdvantageSample::getGroupId));
        assertThat(groups.values()).anySatisfy(group -> assertThat(rewardsVary(group)).isTrue());
        groups.values().forEach(ReplayTest::assertAdvantagesRecomputed);
        List<RewardScore> scores = history.readAll(outputs.topics().ruleRewards()).stream()
                .map(r -> RecordSerdes.rewardScore().decode(r)).toList();
        assertThat(scores).hasSize(3 * LATE.size() * G)
                .allSatisfy(score -> assertThat(score.getGroupId()).isIn(LATE));
        assertThat(history.endOffsets(liveTopics)).as("live end offsets").isEqualTo(liveEnds);
        assertThat(contents(liveTopics)).as("live contents").isEqualTo(liveContents);
    }

    @Test
    void aReplayStopsAtTheEndOfItsRangeThoughLaterRolloutsAreInTheLog() throws InterruptedException {
        ReplayOutputs outputs = ReplayOutputs.of(history.topics(), kafka.uniqueName("early"), Optional.of(
                history.topics().prefix() + "early-advantages"));

        ReplayReport report = new Replay(KafkaClusterConfig.of(kafka.bootstrapServers()), outputs,
                ReplayRange.from(new ReplayPosition.Offset(0)).to(new ReplayPosition.Timestamp(between)), REPLAYED,
                false, 1).run(progress -> { });

        assertThat(report.rolloutsRead()).isEqualTo(EARLY.size() * G);
        assertThat(report.groupsAssembled()).isEqualTo(EARLY.size());
        assertThat(outputs.topics().advantages()).isEqualTo(history.topics().prefix() + "early-advantages");
        List<AdvantageSample> replayed = history.readAll(outputs.topics().advantages()).stream()
                .map(r -> RecordSerdes.advantageSample().decode(r)).toList();
        assertThat(replayed).hasSize(EARLY.size() * G);
        assertThat(replayed).extracting(AdvantageSample::getGroupId).containsOnlyElementsOf(EARLY);
    }

    @Test
    void groupsDroppedAsUniformCountAsSettledSoTheReplayStillEnds() throws InterruptedException {
        RewardConfig languageOnly = RewardConfig.defaults().with(Map.of("weight.accuracy", "none", "weight.format", "none",
                "groups.drop-uniform", "true"));
        ReplayOutputs outputs = ReplayOutputs.of(history.topics(), kafka.uniqueName("uniform"), Optional.empty());

        ReplayReport report = new Replay(KafkaClusterConfig.of(kafka.bootstrapServers()), outputs,
                ReplayRange.from(new ReplayPosition.Timestamp(between)), languageOnly, false, 1).run(progress -> { });

        assertThat(report.groupsDroppedUniform()).isEqualTo(LATE.size());
        assertThat(report.groupsAssembled()).isZero();
        assertThat(report.samplesWritten()).isZero();
        assertThat(history.readAll(outputs.topics().advantages())).isEmpty();
    }

    @Test
    void aVersionStartsWhereThatPolicyVersionsRolloutsBegin() {
        try (RolloutLog log = new RolloutLog(KafkaClusterConfig.of(kafka.bootstrapServers()), history.topics().rollouts())) {
            ReplayBounds byVersion = ReplayBounds.resolve(new HistoryPosition.Version(2, "version:2"), Optional.empty(),
                    log);
            ReplayBounds byTime = ReplayBounds.resolve(new HistoryPosition.Timestamp(between, "timestamp:" + between),
                    Optional.empty(), log);

            assertThat(byVersion).isEqualTo(byTime);
        }
    }

    private List<AdvantageSample> liveAdvantages(int count) {
        return samples(history.topics().advantages(), count);
    }

    private List<AdvantageSample> samples(String topic, int count) {
        return history.read(topic, count).stream().map(r -> RecordSerdes.advantageSample().decode(r)).toList();
    }

    /** Every record of the topics, as topic, partition, offset and value, in a stable order. */
    private List<String> contents(List<String> topics) {
        List<String> all = new ArrayList<>();
        for (String topic : topics) {
            for (ConsumerRecord<byte[], byte[]> record : history.readAll(topic)) {
                all.add(record.topic() + "-" + record.partition() + "@" + record.offset() + "="
                        + Base64.getEncoder().encodeToString(record.value()));
            }
        }
        all.sort(String::compareTo);
        return all;
    }

    private static boolean rewardsVary(List<AdvantageSample> group) {
        return group.stream().map(AdvantageSample::getReward).distinct().count() > 1;
    }

    /** The group-normalised advantages of the new rewards: (r - mean) / (population std + 1e-4). */
    private static void assertAdvantagesRecomputed(List<AdvantageSample> group) {
        double mean = group.stream().mapToDouble(AdvantageSample::getReward).average().orElseThrow();
        double variance = group.stream().mapToDouble(s -> (s.getReward() - mean) * (s.getReward() - mean)).average()
                .orElseThrow();
        for (AdvantageSample sample : group) {
            assertThat(sample.getAdvantage()).isCloseTo((sample.getReward() - mean) / (Math.sqrt(variance) + 1e-4),
                    within(1e-9));
        }
    }
}
