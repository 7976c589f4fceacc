package dev.grpo.learner.internal.kafka;

import dev.grpo.learner.internal.batch.RejectedMember;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The headers on every record the learner forwards to its stale or dead-letter topic: which learner forwarded which
 * source record, and the group member it was when known. A resumed learner reads them back to find what it forwarded
 * after its checkpoint, so nothing is forwarded twice. Values are UTF-8 text, readable by any Kafka client.
 */
public final class ForwardHeaders {

    /** The id of the learner that forwarded the record. */
    public static final String LEARNER = "grpo.learner-id";
    /** The topic the forwarded record was read from. */
    public static final String SOURCE_TOPIC = "grpo.source-topic";
    /** Its partition there, in decimal. */
    public static final String SOURCE_PARTITION = "grpo.source-partition";
    /** Its offset there, in decimal. */
    public static final String SOURCE_OFFSET = "grpo.source-offset";
    /** The group id of the member, when the record could be decoded. */
    public static final String GROUP_ID = "grpo.group-id";
    /** The group's size, in decimal, when known. */
    public static final String GROUP_SIZE = "grpo.group-size";
    /** The member's index, in decimal, when known. */
    public static final String INDEX = "grpo.index";

    private ForwardHeaders() {
    }

    /**
     * @param learnerId the forwarding learner
     * @param source where the forwarded record was read
     * @param offset its offset
     * @param member the group member it was, when known
     * @return the headers
     */
    public static Headers of(String learnerId, TopicPartition source, long offset, Optional<RejectedMember> member) {
        Headers headers = new RecordHeaders();
        put(headers, LEARNER, learnerId);
        put(headers, SOURCE_TOPIC, source.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(offset));
        member.ifPresent(m -> {
            put(headers, GROUP_ID, m.groupId());
            put(headers, GROUP_SIZE, Integer.toString(m.groupSize()));
            put(headers, INDEX, Integer.toString(m.index()));
        });
        return headers;
    }

    /**
     * @param headers a record's headers
     * @param learnerId the learner asking
     * @param sourceTopic the topic that learner reads
     * @return what the record says was forwarded, when that learner forwarded it from that topic
     */
    public static Optional<Forwarded> read(Headers headers, String learnerId, String sourceTopic) {
        if (!learnerId.equals(text(headers, LEARNER)) || !sourceTopic.equals(text(headers, SOURCE_TOPIC))) {
            return Optional.empty();
        }
        try {
            TopicPartition source = new TopicPartition(sourceTopic,
                    Integer.parseInt(text(headers, SOURCE_PARTITION)));
            long offset = Long.parseLong(text(headers, SOURCE_OFFSET));
            String group = text(headers, GROUP_ID);
            Optional<RejectedMember> member = group == null ? Optional.empty()
                    : Optional.of(new RejectedMember(group, Integer.parseInt(text(headers, GROUP_SIZE)),
                            Integer.parseInt(text(headers, INDEX))));
            return Optional.of(new Forwarded(source, offset, member));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void put(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * One record a learner forwarded.
     *
     * @param source the partition it was read from
     * @param offset its offset there
     * @param member the group member it was, when known
     */
    public record Forwarded(TopicPartition source, long offset, Optional<RejectedMember> member) {
    }
}
