package dev.grpo.streams.internal.assembler;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.DeadLetterReason;
import dev.grpo.schemas.RecordLayout;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.internal.rules.RolloutScoring;
import dev.grpo.streams.internal.topology.SourceValue;
import dev.grpo.streams.spi.DeadLetters;
import dev.grpo.streams.spi.SinkLimit;
import dev.grpo.streams.spi.SourceRecord;
import dev.grpo.streams.spi.StreamTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Collects the rollouts of each group and the reward components of every member in local state
 * stores, and when a group is complete emits one {@link AdvantageSample} per member. Every record
 * it cannot use goes to the dead-letter sink with its original bytes; groups still incomplete
 * after the configured timeout are dead-lettered member by member, naming what was missing, and so
 * is a complete group one of whose samples would be too large for the advantages topic.
 *
 * <p>The timeout runs on wall-clock time, measured from when the assembler first saw the group:
 * stream time only advances when records arrive, so it would never expire the last groups of a
 * stalled pipeline; and measuring from the assembler's own first sight (not the record timestamp)
 * keeps a replay of old rollouts from expiring every group at once.
 */
final class GroupAssemblerProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    /** The fields an advantage sample takes from its rollout unchanged, byte for byte. */
    private static final Set<String> COPIED_ARRAYS =
            Set.of("prompt_token_ids", "completion_token_ids", "behaviour_logprobs");
    /** The per-token policy versions of a partial rollout (Rollout v3 on); a rollout written before has none. */
    private static final String TOKEN_VERSIONS = "token_policy_versions";
    /** The copied fields of a rollout whose writer schema has the per-token versions. */
    private static final Set<String> COPIED_WITH_TOKEN_VERSIONS =
            Stream.concat(COPIED_ARRAYS.stream(), Stream.of(TOKEN_VERSIONS)).collect(Collectors.toUnmodifiableSet());
    /** Bytes of checked rollouts kept in memory per task: the members of the groups open at a time, with room. */
    private static final long DECODED_CAPACITY_BYTES = 16L * 1024 * 1024;
    /** Group states kept decoded per task. */
    private static final int GROUP_CAPACITY = 4096;

    private final AssemblerConfig config;
    private final StreamTopics topics;
    private final Optional<RolloutScoring> rules;
    private final RecordSerde<Rollout> rollouts = RecordSerdes.rollout();
    private final RecordSerde<RewardScore> rewardScores = RecordSerdes.rewardScore();
    private final RecordSerde<AdvantageSample> advantages = RecordSerdes.advantageSample();
    private DecodedMembers decoded;
    private RolloutLog log;
    private ProcessorContext<byte[], byte[]> context;
    private GroupStore groups;
    private KeyValueStore<String, SourceRecord> members;
    private DeadLetters deadLetters;
    private SinkLimit sampleSink;
    private SinkLimit scoreSink;
    private AssemblerMetrics metrics;

    GroupAssemblerProcessor(AssemblerConfig config, StreamTopics topics, Optional<RolloutScoring> rules) {
        this.config = config;
        this.topics = topics;
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.groups = new GroupStore(context.getStateStore(GroupAssemblerTopology.GROUPS_STORE), GROUP_CAPACITY);
        this.decoded = new DecodedMembers(DECODED_CAPACITY_BYTES);
        this.log = new RolloutLog(context.appConfigs());
        this.members = context.getStateStore(GroupAssemblerTopology.MEMBERS_STORE);
        this.deadLetters = new DeadLetters(context.applicationId(),
                SinkLimit.of(context.appConfigs(), topics.spec(topics.deadLetters())));
        this.sampleSink = SinkLimit.of(context.appConfigs(), topics.spec(topics.advantages()));
        this.scoreSink = SinkLimit.of(context.appConfigs(), topics.spec(topics.ruleRewards()));
        this.metrics = new AssemblerMetrics(context.metrics(), context.taskId().toString());
        context.schedule(punctuationInterval(config.groupTimeout()), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    /** A quarter of the timeout, between 100 ms and 10 s: expiry is at most that late. */
    static Duration punctuationInterval(Duration timeout) {
        Duration quarter = timeout.dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100)
                : quarter.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : quarter;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        SourceRecord source = SourceRecord.of(context, record);
        if (source.topic().equals(topics.rollouts())) {
            read(source, bytes -> RolloutMember.of(rollouts.layout(source.topic(), source.partition(), source.offset(),
                    bytes))).ifPresent(rollout -> onRollout(source, rollout));
        } else {
            read(source, bytes -> rewardScores.decode(source.topic(), source.partition(), source.offset(), bytes))
                    .ifPresent(score -> onScore(source, score));
        }
    }

    /** The record's value, or empty after dead-lettering a missing value or undecodable bytes. */
    private <T> Optional<T> read(SourceRecord source, Function<byte[], T> reader) {
        SourceValue<T> read = SourceValue.read(source, "a record without a value", reader);
        if (!read.readable()) {
            deadLetter(source, read.errorType(), read.reason());
        }
        return Optional.ofNullable(read.value());
    }

    private void onRollout(SourceRecord source, RolloutMember rollout) {
        String groupId = rollout.groupId();
        Optional<MemberRejection> invalid = MemberCheck.ofRollout(source, rollout, config.maxGroupSize());
        GroupState group = groups.get(groupId);
        if (invalid.isEmpty() && group != null) {
            invalid = MemberCheck.rolloutAgainstGroup(group, rollout)
                    .or(() -> MemberCheck.duplicateRollout(group, rollout))
                    .or(() -> MemberCheck.sameTask(group, rollout));
        }
        if (invalid.isPresent()) {
            deadLetter(source, invalid.get());
            return;
        }
        Optional<List<MemberScore>> ruleScores = scoreRules(source, rollout);
        if (ruleScores.isEmpty()) {
            return;
        }
        GroupState updated = (group == null ? GroupState.open(rollout.groupSize(), now()) : group)
                .withMember(rollout.index(), rollout.rolloutId(), rollout.task());
        updated = withoutInapplicable(updated);
        for (MemberScore score : ruleScores.get()) {
            updated = updated.withScore(score);
        }
        // Only where the rollout lies: its bytes are in the log already, and in memory while its group is open.
        members.put(memberKey(groupId, rollout.index()), source.withoutValue());
        decoded.put(memberKey(groupId, rollout.index()), rollout);
        List<MemberScore> foreign = updated.scores().stream()
                .filter(s -> s.index() == rollout.index() && !s.rolloutId().equals(rollout.rolloutId())).toList();
        for (MemberScore score : foreign) {
            deadLetter(score.pending(), DeadLetterReason.UNKNOWN_ROLLOUT, "reward '" + score.component() + "' is for rollout '"
                    + score.rolloutId() + "' but member " + score.index() + " of group " + groupId + " is '"
                    + rollout.rolloutId() + "'");
        }
        settle(groupId, updated.withoutScores(foreign).withScoresConfirmed(rollout.index()));
    }

    /**
     * The group without the scores held for components that do not apply to its task, now that it is known (they
     * arrived before any member did); counted as ignored, like scores of components not configured at all.
     */
    private GroupState withoutInapplicable(GroupState group) {
        List<MemberScore> inapplicable = group.scores().stream()
                .filter(score -> !config.rewards().appliesTo(score.component(), group.task())).toList();
        inapplicable.forEach(score -> metrics.scoreIgnored());
        return inapplicable.isEmpty() ? group : group.withoutScores(inapplicable);
    }

    /**
     * The configured rule components of {@code rollout} when this assembler scores the rules (none
     * when a separate app does), each also published to the rule topic; empty, after dead-lettering
     * the rollout, when it cannot be scored.
     */
    private Optional<List<MemberScore>> scoreRules(SourceRecord source, RolloutMember rollout) {
        if (rules.isEmpty()) {
            return Optional.of(List.of());
        }
        RolloutScoring.Outcome outcome = rules.get().score(rollout.layout(), now(), source.key(), scoreSink);
        if (outcome instanceof RolloutScoring.Unscorable unscorable) {
            deadLetter(source, unscorable.errorType(), unscorable.reason());
            return Optional.empty();
        }
        List<RewardScore> scores = ((RolloutScoring.Scored) outcome).scores();
        List<byte[]> encoded = ((RolloutScoring.Scored) outcome).encoded();
        List<MemberScore> kept = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            RewardScore score = scores.get(i);
            context.forward(new Record<>(source.key(), encoded.get(i), context.currentStreamTimeMs()),
                    GroupAssemblerTopology.RULE_SCORES_SINK);
            if (config.rewards().weights().containsKey(score.getComponent())) {
                kept.add(new MemberScore(rollout.index(), rollout.rolloutId(), score.getComponent(), score.getValue(),
                        score.getRewardVersion(), null));
            }
        }
        return Optional.of(kept);
    }

    private void onScore(SourceRecord source, RewardScore score) {
        String groupId = score.getGroupId();
        Optional<MemberRejection> invalid = MemberCheck.ofScore(source, score, topics, config.maxGroupSize());
        if (invalid.isPresent()) {
            deadLetter(source, invalid.get());
            return;
        }
        if (!config.rewards().weights().containsKey(score.getComponent())) {
            metrics.scoreIgnored();
            return;
        }
        GroupState group = groups.get(groupId);
        if (group != null && group.task() != null && !config.rewards().appliesTo(score.getComponent(), group.task())) {
            metrics.scoreIgnored();
            return;
        }
        if (group != null) {
            invalid = MemberCheck.scoreAgainstGroup(group, score).or(() -> MemberCheck.duplicateScore(group, score));
        }
        if (invalid.isPresent()) {
            deadLetter(source, invalid.get());
            return;
        }
        GroupState current = group == null ? GroupState.open(score.getGroupSize(), now()) : group;
        boolean rolloutArrived = current.members().containsKey(score.getIndex());
        MemberScore held = new MemberScore(score.getIndex(), score.getRolloutId(), score.getComponent(),
                score.getValue(), score.getRewardVersion(), rolloutArrived ? null : source);
        settle(groupId, current.withScore(held));
    }

    /** Stores the group, or emits and closes it when it is complete. */
    private void settle(String groupId, GroupState group) {
        if (!group.isComplete(config.rewards())) {
            groups.put(groupId, group);
            return;
        }
        members(groupId, group.groupSize()).ifPresent(ordered -> emit(groupId, group, ordered));
        forgetMembers(groupId, group);
        groups.put(groupId, group.closed(now()));
    }

    private void emit(String groupId, GroupState group, List<RolloutMember> ordered) {
        double[] rewards = new double[group.groupSize()];
        for (int index = 0; index < group.groupSize(); index++) {
            Map<String, Double> components = components(group, index);
            rewards[index] = group.task() == null ? config.rewards().weightedSum(components)
                    : config.rewards().weightedSum(group.task(), components);
        }
        if (config.dropUniformGroups() && GroupAdvantages.uniform(rewards)) {
            metrics.groupDroppedUniform();
            return;
        }
        double[] advantage = GroupAdvantages.of(rewards, config.scaleByStd(), config.epsilon());
        byte[] key = groupId.getBytes(StandardCharsets.UTF_8);
        long now = now();
        List<byte[]> samples = new ArrayList<>(ordered.size());
        for (int index = 0; index < ordered.size(); index++) {
            RolloutMember member = ordered.get(index);
            AdvantageSample sample = sample(member, group, rewards[index], advantage[index], now);
            byte[] bytes = advantages.encodeCopying(sample, member.layout(), copied(member.layout()));
            if (!sampleSink.admits(key, bytes)) {
                deadLetterOversized(groupId, ordered, sampleSink.refusal("the advantage sample of member " + index
                        + " (rollout '" + member.rolloutId() + "')", key, bytes));
                return;
            }
            samples.add(bytes);
        }
        for (byte[] sample : samples) {
            context.forward(new Record<>(key, sample, context.currentStreamTimeMs()), GroupAssemblerTopology.ADVANTAGES_SINK);
        }
        metrics.groupAssembled();
    }

    /**
     * Dead-letters a complete group one of whose samples cannot be written, member by member: a learner waits for
     * all G samples of a group, so writing the others would leave it a group that never completes.
     */
    private void deadLetterOversized(String groupId, List<RolloutMember> ordered, String refusal) {
        String reason = "group " + groupId + " is complete, but " + refusal + "; the group is not assembled";
        for (int index = 0; index < ordered.size(); index++) {
            deadLetter(members.get(memberKey(groupId, index)).withValue(ordered.get(index).layout().bytes()),
                    DeadLetterReason.OUTPUT_TOO_LARGE, reason);
        }
    }

    /**
     * The members of a complete group, in index order: from memory, or read back from the log in one
     * range; empty, after dead-lettering the group member by member, when retention deleted a waiting
     * member from the log.
     */
    private Optional<List<RolloutMember>> members(String groupId, int groupSize) {
        RolloutMember[] ordered = new RolloutMember[groupSize];
        List<SourceRecord> missing = new ArrayList<>();
        for (int index = 0; index < groupSize; index++) {
            ordered[index] = decoded.get(memberKey(groupId, index));
            if (ordered[index] == null) {
                missing.add(members.get(memberKey(groupId, index)));
            }
        }
        List<SourceRecord> readBack = readBack(missing);
        if (readBack.stream().anyMatch(member -> member.value() == null)) {
            deadLetterLost(groupId, ordered, readBack);
            return Optional.empty();
        }
        for (SourceRecord member : readBack) {
            RolloutMember rollout = RolloutMember.of(rollouts.layout(member.topic(), member.partition(), member.offset(),
                    member.value()));
            ordered[rollout.index()] = rollout;
        }
        return Optional.of(List.of(ordered));
    }

    /** Dead-letters a complete group some of whose rollouts are no longer in the log: those without their bytes. */
    private void deadLetterLost(String groupId, RolloutMember[] inMemory, List<SourceRecord> readBack) {
        List<Long> lost = readBack.stream().filter(member -> member.value() == null).map(SourceRecord::offset).toList();
        String reason = "group " + groupId + " is complete, but its rollouts at offsets " + lost + " of "
                + readBack.get(0).topic() + "-" + readBack.get(0).partition() + " are no longer in the log "
                + "(deleted by retention while the group waited); it cannot be assembled";
        for (int index = 0; index < inMemory.length; index++) {
            if (inMemory[index] != null) {
                deadLetter(members.get(memberKey(groupId, index)).withValue(inMemory[index].layout().bytes()),
                        DeadLetterReason.ROLLOUT_NOT_IN_LOG, reason);
            }
        }
        readBack.forEach(member -> deadLetter(member, DeadLetterReason.ROLLOUT_NOT_IN_LOG, reason));
    }

    /** {@code coordinates} (of one group, so of one partition) with their bytes read back from the log. */
    private List<SourceRecord> readBack(List<SourceRecord> coordinates) {
        if (coordinates.isEmpty()) {
            return List.of();
        }
        SourceRecord first = coordinates.get(0);
        long from = coordinates.stream().mapToLong(SourceRecord::offset).min().orElseThrow();
        long to = coordinates.stream().mapToLong(SourceRecord::offset).max().orElseThrow();
        Map<Long, byte[]> bytes = log.read(first.topic(), first.partition(), from, to);
        return coordinates.stream().map(member -> member.withValue(bytes.get(member.offset()))).toList();
    }

    /** The scores of member {@code index} for the components its group's task requires. */
    private Map<String, Double> components(GroupState group, int index) {
        Map<String, Double> components = new LinkedHashMap<>();
        for (String component : group.components(config.rewards())) {
            components.put(component, group.score(index, component).orElseThrow().value());
        }
        return components;
    }

    /** What a sample copies from {@code rollout}: its token versions too when its writer had them, else they stay null. */
    private static Set<String> copied(RecordLayout rollout) {
        return rollout.has(TOKEN_VERSIONS) ? COPIED_WITH_TOKEN_VERSIONS : COPIED_ARRAYS;
    }

    /** The sample of {@code rollout}, its arrays left empty: they are copied from the rollout's bytes when encoded. */
    private AdvantageSample sample(RolloutMember rollout, GroupState group, double reward, double advantage, long now) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String component : group.components(config.rewards())) {
            versions.put(component, group.score(rollout.index(), component).orElseThrow().version());
        }
        RecordLayout bytes = rollout.layout();
        return AdvantageSample.newBuilder()
                .setRolloutId(rollout.rolloutId())
                .setGroupId(rollout.groupId())
                .setIndex(rollout.index())
                .setGroupSize(rollout.groupSize())
                .setPromptId(bytes.stringField("prompt_id"))
                .setPromptTokenIds(List.of())
                .setCompletionTokenIds(List.of())
                .setBehaviourLogprobs(List.of())
                .setTemperature(bytes.floatField("sampling.temperature"))
                .setPolicyVersion(bytes.longField("policy_version"))
                .setReward(reward)
                .setRewardComponents(components(group, rollout.index()))
                .setRewardVersions(versions)
                .setAdvantage(advantage)
                .setAssembledAt(Instant.ofEpochMilli(now))
                .build();
    }

    /** Dead-letters groups open for longer than the timeout and forgets closed groups after as long again. */
    private void expire(long now) {
        List<KeyValue<String, GroupState>> due = new ArrayList<>();
        try (KeyValueIterator<String, GroupState> all = groups.store().all()) {
            while (all.hasNext()) {
                KeyValue<String, GroupState> entry = all.next();
                GroupState group = entry.value;
                long since = group.isClosed() ? group.closedAtMillis() : group.firstSeenMillis();
                if (now - since >= config.groupTimeout().toMillis()) {
                    due.add(entry);
                }
            }
        }
        for (KeyValue<String, GroupState> entry : due) {
            if (entry.value.isClosed()) {
                groups.delete(entry.key);
            } else {
                deadLetterIncomplete(entry.key, entry.value);
                forgetMembers(entry.key, entry.value);
                groups.put(entry.key, entry.value.closed(now));
                metrics.groupExpired();
            }
        }
    }

    private void deadLetterIncomplete(String groupId, GroupState group) {
        String reason = "group " + groupId + " (G=" + group.groupSize() + ") incomplete after "
                + config.groupTimeout() + ": " + group.missing(config.rewards());
        List<SourceRecord> missing = new ArrayList<>();
        for (int index : group.members().keySet()) {
            RolloutMember cached = decoded.get(memberKey(groupId, index));
            SourceRecord member = members.get(memberKey(groupId, index));
            if (cached == null) {
                missing.add(member);
            } else {
                deadLetter(member.withValue(cached.layout().bytes()), DeadLetterReason.INCOMPLETE_GROUP, reason);
            }
        }
        for (SourceRecord member : readBack(missing)) {
            deadLetter(member, DeadLetterReason.INCOMPLETE_GROUP, reason);
        }
        for (MemberScore score : group.scores()) {
            if (score.pending() != null) {
                deadLetter(score.pending(), DeadLetterReason.UNKNOWN_ROLLOUT, "reward '" + score.component() + "' for rollout '"
                        + score.rolloutId() + "', which never arrived; " + reason);
            }
        }
    }

    private void forgetMembers(String groupId, GroupState group) {
        for (int index : group.members().keySet()) {
            members.delete(memberKey(groupId, index));
            decoded.forget(memberKey(groupId, index));
        }
    }

    private void deadLetter(SourceRecord source, MemberRejection rejection) {
        deadLetter(source, rejection.reason(), rejection.message());
    }

    private void deadLetter(SourceRecord source, DeadLetterReason errorType, String reason) {
        context.forward(deadLetters.of(source, errorType, reason, now()), GroupAssemblerTopology.DEAD_LETTER_SINK);
        metrics.deadLetter();
    }

    private long now() {
        return context.currentSystemTimeMs();
    }

    /** Members of a group sort together in the store: the group id, a NUL, then the zero-padded index. */
    static String memberKey(String groupId, int index) {
        String digits = Integer.toString(index);
        return groupId + '\u0000' + "000000".substring(Math.min(6, digits.length())) + digits;
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
        if (log != null) {
            log.close();
        }
    }
}
