package dev.grpo.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.policy.internal.checkpoint.Safetensors.TensorInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ShardPlanTest {

    private static List<TensorInfo> tensors(long... sizes) {
        return IntStream.range(0, sizes.length)
                .mapToObj(i -> new TensorInfo("t" + i, "U8", new long[] {sizes[i]}, 0, sizes[i])).toList();
    }

    private static List<List<String>> names(ShardPlan plan) {
        return plan.shards().stream().map(s -> s.tensors().stream().map(TensorInfo::name).toList()).toList();
    }

    @Test
    void fillsShardsInOrderAsTransformersDoes() {
        ShardPlan plan = ShardPlan.of(tensors(6, 6, 2, 6, 2, 2), 10);

        assertThat(names(plan)).containsExactly(List.of("t0"), List.of("t1", "t2"), List.of("t3", "t4", "t5"));
        assertThat(plan.files()).containsExactly("model-00001-of-00003.safetensors",
                "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors");
        assertThat(plan.sharded()).isTrue();
    }

    @Test
    void givesATensorLargerThanTheLimitAShardOfItsOwn() {
        assertThat(names(ShardPlan.of(tensors(3, 25, 3), 10)))
                .containsExactly(List.of("t0"), List.of("t1"), List.of("t2"));
        assertThat(names(ShardPlan.of(tensors(25, 3), 10))).containsExactly(List.of("t0"), List.of("t1"));
    }

    @Test
    void keepsOneUnnumberedFileWhenEverythingFits() {
        ShardPlan plan = ShardPlan.of(tensors(4, 6), 10);

        assertThat(plan.files()).containsExactly(Checkpoint.WEIGHTS);
        assertThat(plan.sharded()).isFalse();
    }

    @Test
    void indexesEveryTensorWithTheTotalSize() throws IOException {
        ShardPlan plan = ShardPlan.of(tensors(6, 6, 2), 10);

        JsonNode index = new ObjectMapper().readTree(plan.index());
        assertThat(index.at("/metadata/total_size").asLong()).isEqualTo(14);
        assertThat(index.get("weight_map").toString()).isEqualTo("{\"t0\":\"model-00001-of-00002.safetensors\","
                + "\"t1\":\"model-00002-of-00002.safetensors\",\"t2\":\"model-00002-of-00002.safetensors\"}");
    }
}
