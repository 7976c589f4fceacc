package dev.grpo.streams.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class RangeFilterTest {

    private static final ReplayBounds BOUNDS = new ReplayBounds("grpo.rollouts",
            List.of(new PartitionRange(0, 2, 4), new PartitionRange(1, 0, 0)));

    private final RangeFilter filter = configured(BOUNDS);

    @Test
    void keepsOnlyTheRolloutsInsideTheRange() {
        TopicPartition first = new TopicPartition("grpo.rollouts", 0);
        ConsumerRecords<byte[], byte[]> polled = records(Map.of(first, offsets(first, 0, 6)));

        ConsumerRecords<byte[], byte[]> kept = filter.onConsume(polled);

        assertThat(kept.records(first)).extracting(ConsumerRecord::offset).containsExactly(2L, 3L);
    }

    @Test
    void dropsEverythingOfAPartitionThatReplaysNothingButKeepsItsNextOffset() {
        TopicPartition second = new TopicPartition("grpo.rollouts", 1);
        ConsumerRecords<byte[], byte[]> polled = records(Map.of(second, offsets(second, 0, 3)));

        ConsumerRecords<byte[], byte[]> kept = filter.onConsume(polled);

        assertThat(kept.count()).isZero();
        assertThat(kept.nextOffsets()).containsEntry(second, new OffsetAndMetadata(3));
    }

    @Test
    void letsOtherTopicsThroughUntouched() {
        TopicPartition scores = new TopicPartition("grpo.rewards.judge", 0);
        ConsumerRecords<byte[], byte[]> polled = records(Map.of(scores, offsets(scores, 0, 6)));

        assertThat(filter.onConsume(polled).records(scores)).hasSize(6);
    }

    @Test
    void isInstalledOnTheMainConsumerOfAStreamsApp() {
        Map<String, String> properties = RangeFilter.streamsProperties(BOUNDS);

        assertThat(properties).containsEntry(StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG),
                RangeFilter.class.getName());
        assertThat(properties).containsEntry(StreamsConfig.mainConsumerPrefix(RangeFilter.RANGE_CONFIG),
                "grpo.rollouts|0:2:4,1:0:0");
    }

    private static RangeFilter configured(ReplayBounds bounds) {
        RangeFilter filter = new RangeFilter();
        filter.configure(Map.of(RangeFilter.RANGE_CONFIG, RangeFilter.encode(bounds)));
        return filter;
    }

    private static List<ConsumerRecord<byte[], byte[]>> offsets(TopicPartition partition, long from, long to) {
        return LongStream.range(from, to)
                .mapToObj(offset -> new ConsumerRecord<>(partition.topic(), partition.partition(), offset, new byte[0],
                        new byte[] {(byte) offset}))
                .toList();
    }

    private static ConsumerRecords<byte[], byte[]> records(Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> polled) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        polled.forEach((partition, records) ->
                next.put(partition, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1)));
        return new ConsumerRecords<>(polled, next);
    }
}
