package dev.grpo.producers.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.producers.internal.admission.Admission;
import dev.grpo.producers.internal.admission.ClaimLog;
import dev.grpo.producers.internal.admission.LeaseWatch;
import dev.grpo.producers.internal.sampling.SampledGroup;
import dev.grpo.records.FinishReason;
import dev.grpo.records.Rollout;
import dev.grpo.records.SamplingParams;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * A group is published whole and then marked published in the claims log; a group whose claim's lease no longer leaves
 * time to publish it is dropped unsent, counted, and fails so that its prompt is claimed again.
 */
class PublishGroupTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_000);

    private final MockProducer<String, byte[]> rollouts = new MockProducer<>(false, null, new StringSerializer(),
            new ByteArraySerializer());
    private final MockProducer<String, String> claims = new MockProducer<>(true, null, new StringSerializer(),
            new StringSerializer());
    private final Counter dropped = new SimpleMeterRegistry().counter("dropped");

    private PublishGroup publisher(LongPredicate held) {
        return new PublishGroup(rollouts, "rollouts", new LeaseWatch(held, Clock.fixed(NOW, ZoneOffset.UTC)),
                new ClaimLog(claims, "claims", "gen", Duration.ofMinutes(3)), dropped, Schedulers.immediate());
    }

    private static SampledGroup group(Instant publishBy) {
        Admission admission = new Admission(5, 0, "gen", publishBy);
        return new SampledGroup(admission, 0, List.of(rollout(admission, 0), rollout(admission, 1)));
    }

    private static Rollout rollout(Admission admission, int index) {
        return Rollout.newBuilder().setRolloutId(admission.groupId() + "/" + index).setGroupId(admission.groupId())
                .setIndex(index).setGroupSize(2).setPromptId("p").setPrompt("1+1=").setGroundTruth("2")
                .setLanguage("en").setTask("arithmetic").setPromptTokenIds(List.of(1, 2)).setCompletionTokenIds(
                        List.of(3)).setBehaviourLogprobs(List.of(-0.5f)).setCompletionText("2")
                .setFinishReason(FinishReason.LENGTH).setPolicyVersion(0).setGeneratorId("gen")
                .setSampling(SamplingParams.newBuilder().setTemperature(1f).setTopP(1f).setMaxNewTokens(1)
                        .setSeed((long) index).build())
                .setCreatedAt(NOW).setFinishedAt(NOW).build();
    }

    @Test
    void aGroupInTimeIsMarkedPublishedOnlyOnceEveryRolloutIsAcknowledged() {
        SampledGroup group = group(NOW.plusSeconds(1));

        StepVerifier.create(publisher(slot -> true).apply(group))
                .then(() -> {
                    assertThat(rollouts.history()).extracting(ProducerRecord::key).containsExactly("g5-gen", "g5-gen");
                    assertThat(claims.history()).as("no marker before the acknowledgements").isEmpty();
                    rollouts.completeNext();
                    rollouts.completeNext();
                })
                .expectNext(group)
                .verifyComplete();

        assertThat(claims.history()).singleElement().satisfies(marker -> {
            assertThat(marker.key()).isEqualTo("gen");
            assertThat(marker.value()).isEqualTo("published:5");
        });
        assertThat(dropped.count()).isZero();
    }

    @Test
    void aGroupReadyOnlyAfterItsPublishByTimeIsDroppedUnsentAndCounted() {
        StepVerifier.create(publisher(slot -> true).apply(group(NOW)))
                .verifyError(LapsedLeaseException.class);

        assertThat(rollouts.history()).isEmpty();
        assertThat(claims.history()).isEmpty();
        assertThat(dropped.count()).isEqualTo(1);
    }

    @Test
    void aGroupWhoseSlotTheReplayNoLongerHoldsIsDroppedEvenWithTimeLeft() {
        StepVerifier.create(publisher(slot -> false).apply(group(NOW.plusSeconds(60))))
                .verifyError(LapsedLeaseException.class);

        assertThat(rollouts.history()).isEmpty();
        assertThat(dropped.count()).isEqualTo(1);
    }
}
