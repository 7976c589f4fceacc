package dev.grpo.learner.internal.batch;

import dev.grpo.learner.Samples;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole groups are released in the order they complete; rejected members count towards completion. */
class GroupAssemblyTest {

    private static ReceivedSample member(String group, int index, int size, long offset) {
        return Samples.received(Samples.sample(group, index, size, new int[] {1}, new int[] {2}, new float[] {-1f},
                1.0, 0), offset);
    }

    @Test
    void groupsAreReleasedWholeInCompletionOrder() {
        GroupAssembly assembly = new GroupAssembly();
        assembly.add(member("a", 1, 2, 0));
        assembly.add(member("b", 0, 2, 1));
        assertThat(assembly.hasReady()).isFalse();
        assembly.add(member("b", 1, 2, 2));
        assembly.add(member("a", 0, 2, 3));

        assertThat(assembly.readyCount()).isEqualTo(2);
        TrainingGroup first = assembly.takeReady();
        assertThat(first.groupId()).isEqualTo("b");
        TrainingGroup second = assembly.takeReady();
        assertThat(second.groupId()).isEqualTo("a");
        assertThat(second.members()).extracting(m -> m.sample().getIndex()).containsExactly(0, 1);
        assertThat(assembly.incompleteCount()).isZero();
    }

    @Test
    void aRejectedMemberLetsTheRestOfItsGroupComplete() {
        GroupAssembly assembly = new GroupAssembly();
        assembly.add(member("a", 0, 3, 0));
        assembly.reject("a", 3, 1);
        assembly.add(member("a", 2, 3, 2));
        assertThat(assembly.takeReady().members()).hasSize(2);
    }

    @Test
    void aGroupWhoseMembersWereAllRejectedIsNeverReleased() {
        GroupAssembly assembly = new GroupAssembly();
        assembly.reject("a", 2, 0);
        assembly.reject("a", 2, 1);
        assertThat(assembly.hasReady()).isFalse();
        assertThat(assembly.incompleteCount()).isZero();
    }

    @Test
    void aSecondMemberWithTheSameIndexIsRejected() {
        GroupAssembly assembly = new GroupAssembly();
        assembly.add(member("a", 0, 2, 0));
        assertThat(assembly.add(member("a", 0, 2, 1))).hasValueSatisfying(rejection ->
                assertThat(rejection.problem()).isEqualTo(SampleProblem.DUPLICATE_MEMBER));
    }

    @Test
    void groupsGivenBackKeepTheirPlaceAtTheHead() {
        GroupAssembly assembly = new GroupAssembly();
        for (String group : List.of("a", "b", "c")) {
            assembly.add(member(group, 0, 1, 0));
        }
        TrainingGroup a = assembly.takeReady();
        TrainingGroup b = assembly.takeReady();
        assembly.giveBack(List.of(a, b));
        assertThat(List.of(assembly.takeReady(), assembly.takeReady(), assembly.takeReady()))
                .extracting(TrainingGroup::groupId).containsExactly("a", "b", "c");
    }

    @Test
    void rejectionsOfGroupsStillOpenAreKeptUntilTheGroupIsSettled() {
        GroupAssembly assembly = new GroupAssembly();
        assembly.reject("a", 3, 1);
        assembly.reject("b", 2, 0);
        assembly.add(member("b", 1, 2, 0));
        assembly.setAside(new RejectedMember("b", 2, 1));

        assertThat(assembly.openRejections()).containsExactlyInAnyOrder(new RejectedMember("a", 3, 1),
                new RejectedMember("b", 2, 0), new RejectedMember("b", 2, 1));
        assembly.settle("b");
        assertThat(assembly.openRejections()).containsExactly(new RejectedMember("a", 3, 1));
    }

    @Test
    void aGroupOfRejectionsOnlyIsSettledOnCompletion() {
        GroupAssembly assembly = new GroupAssembly();
        assembly.reject("a", 2, 0);
        assembly.reject("a", 2, 1);
        assertThat(assembly.openRejections()).isEmpty();
    }

    @Test
    void aRestoredRejectionCompletesTheGroupWhenTheOtherMembersAreReadAgain() {
        GroupAssembly before = new GroupAssembly();
        before.add(member("a", 0, 2, 5));
        before.reject("a", 2, 1);
        before.takeReady();
        List<RejectedMember> kept = before.openRejections();

        GroupAssembly resumed = new GroupAssembly();
        kept.forEach(resumed::reject);
        resumed.add(member("a", 0, 2, 5));
        assertThat(resumed.takeReady().members()).extracting(m -> m.offset()).containsExactly(5L);
    }

    @Test
    void aGroupWaitingLongerThanTheTimeoutIsGivenUpWithItsMembers() {
        AtomicLong clock = new AtomicLong();
        GroupAssembly assembly = new GroupAssembly(clock::get);
        assembly.add(member("a", 0, 4, 7));
        assembly.reject("a", 4, 2);
        clock.set(Duration.ofSeconds(5).toNanos());
        assembly.add(member("b", 0, 2, 8));
        assertThat(assembly.expire(Duration.ofSeconds(5))).isEmpty();

        clock.set(Duration.ofSeconds(6).toNanos());
        List<IncompleteGroup> expired = assembly.expire(Duration.ofSeconds(5));

        assertThat(expired).singleElement().satisfies(group -> {
            assertThat(group.groupId()).isEqualTo("a");
            assertThat(group.members()).extracting(m -> m.offset()).containsExactly(7L);
            assertThat(group.missing()).containsExactly(1, 3);
        });
        assertThat(assembly.incompleteCount()).isEqualTo(1);
        assertThat(assembly.openRejections()).isEmpty();
    }
}
