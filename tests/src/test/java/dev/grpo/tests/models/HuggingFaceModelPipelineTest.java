package dev.grpo.tests.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.cli.GrpoCommand;
import dev.grpo.workflow.demo.DemoCluster;
import dev.grpo.workflow.demo.DemoReport;
import dev.grpo.workflow.demo.DemoRun;
import dev.grpo.workflow.demo.DemoConfig;
import dev.grpo.learner.internal.checkpoint.CheckpointStore;
import dev.grpo.policy.HfReferenceForward;
import dev.grpo.policy.TinyHfModels;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.internal.checkpoint.Safetensors;
import dev.grpo.policy.HfTokenizer;
import dev.grpo.policy.RealTokenizers;
import dev.grpo.records.PolicyVersion;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.tests.kafka.KafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A tiny Qwen3-layout model with the real Qwen3 tokenizer and chat template goes through the whole pipeline on an
 * embedded broker (generate → rule rewards → assembler → learn, as the demo wires them): its rollouts carry Qwen3
 * token ids of the chat-templated prompt, the learner writes Hugging Face checkpoints that carry the tokenizer and
 * match the versions it announced, and {@code grpo logprobs} on the learner's checkpoint agrees with an independent
 * double-precision forward pass.
 */
class HuggingFaceModelPipelineTest {

    private static final int STEPS = 2;
    private static final int QWEN3_VOCABULARY = 151_936;
    private static final int IM_START = 151_644;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path folder;

    private static Path base;
    private static DemoReport report;
    private static List<Rollout> rollouts;
    private static List<PolicyVersion> versions;

    @BeforeAll
    static void trainATinyQwen3ThroughTheTopics() throws Exception {
        base = TinyHfModels.qwen3(folder.resolve("qwen3"), QWEN3_VOCABULARY, 5);
        RealTokenizers.QWEN3.unpack(folder);
        DemoConfig settings = DemoConfig.builder(folder.resolve("run"), base).steps(STEPS).maxStaleness(1)
                .groupSize(2).groupsPerStep(2).learningRate(1e-3f).maxNewTokens(8).evaluation(2, 2).build();
        report = new DemoRun(settings, new PrintWriter(new StringWriter(), true)).run().orElseThrow();
        try (DemoCluster cluster = DemoCluster.open(Optional.empty(), folder.resolve("run/kafka"))) {
            rollouts = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : readAll(cluster.bootstrapServers(), TopicCatalogue.ROLLOUTS.name())) {
                rollouts.add(RecordSerdes.rollout().decode(record));
            }
            versions = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : readAll(cluster.bootstrapServers(),
                    TopicCatalogue.POLICY_VERSIONS.name())) {
                versions.add(RecordSerdes.policyVersion().decode(record));
            }
        }
    }

    @Test
    void rolloutsCarryQwen3TokenIdsOfTheChatTemplatedPrompt() {
        assertThat(report.steps()).isEqualTo(STEPS);
        assertThat(rollouts).hasSizeGreaterThanOrEqualTo(STEPS * 2 * 2);
        try (HfTokenizer tokenizer = HfTokenizer.load(base)) {
            for (Rollout rollout : rollouts) {
                assertThat(rollout.getPrompt()).startsWith("<|im_start|>user\n").endsWith("<|im_start|>assistant\n");
                int[] promptIds = ints(rollout.getPromptTokenIds());
                assertThat(promptIds[0]).isEqualTo(IM_START);
                assertThat(promptIds).containsExactly(tokenizer.encode(rollout.getPrompt()));
                assertThat(rollout.getCompletionTokenIds()).allSatisfy(id -> assertThat(id).isBetween(0,
                        QWEN3_VOCABULARY - 1));
                assertThat(rollout.getBehaviourLogprobs()).hasSameSizeAs(rollout.getCompletionTokenIds());
            }
        }
    }

    @Test
    void theLearnerWritesHuggingFaceCheckpointsThatCarryTheTokenizerAndMatchTheAnnouncedVersions() throws IOException {
        Path model = finalModel();
        JsonNode config = JSON.readTree(model.resolve("config.json").toFile());
        assertThat(config.get("architectures").get(0).asText()).isEqualTo("Qwen3ForCausalLM");
        assertThat(model.resolve("tokenizer.json")).exists();
        assertThat(model.resolve("tokenizer_config.json")).exists();
        assertThat(Safetensors.read(Files.readAllBytes(model.resolve("model.safetensors"))).tensors().keySet())
                .contains("model.embed_tokens.weight", "model.layers.0.self_attn.q_norm.weight", "lm_head.weight")
                .noneMatch(name -> name.startsWith("layers."));
        PolicyVersion last = versions.stream().filter(v -> v.getVersion() == STEPS).findFirst().orElseThrow();
        assertThat(Checkpoint.read(model).sha256()).isEqualTo(last.getSha256());
        assertThat(Checkpoint.read(model).sha256()).isNotEqualTo(Checkpoint.read(base).sha256());
    }

    @Test
    void logprobsOnTheLearnersCheckpointAgreeWithAnIndependentForwardPass() throws IOException {
        Path model = finalModel();
        Rollout rollout = rollouts.get(0);
        Path in = Files.writeString(folder.resolve("in.jsonl"), JSON.createObjectNode().put("id", "r0")
                .put("prompt", rollout.getPrompt()).put("completion", "<think>12 + 30 = 42</think> <answer>42</answer>")
                + "\n");
        Path out = folder.resolve("out.jsonl");
        StringWriter err = new StringWriter();
        int exit = GrpoCommand.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF))
                .execute("logprobs", "--model", model.toString(), "--in", in.toString(), "--out", out.toString(),
                        "--device", "cpu");
        assertThat(exit).as(err.toString()).isEqualTo(0);

        JsonNode answer = JSON.readTree(Files.readAllLines(out).get(0));
        assertThat(answer.has("error")).as(answer.toString()).isFalse();
        int[] prompt = ints(answer.get("prompt_ids"));
        int[] completion = ints(answer.get("completion_ids"));
        assertThat(prompt).containsExactly(ints(rollout.getPromptTokenIds()));
        int[] sequence = IntStream.concat(Arrays.stream(prompt), Arrays.stream(completion)).toArray();
        double[][] reference = HfReferenceForward.read(model).logProbs(sequence);
        for (int j = 0; j < completion.length; j++) {
            double expected = reference[prompt.length - 1 + j][completion[j]];
            assertThat(answer.get("logprobs").get(j).asDouble()).as("completion token %d", j)
                    .isCloseTo(expected, within(1e-4));
        }
    }

    private static Path finalModel() {
        return new CheckpointStore(folder.resolve("run/learner"), 0).latest().orElseThrow().directory()
                .resolve(CheckpointStore.MODEL);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String servers, String topic) {
        return KafkaCluster.readToEnd(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), topic);
    }

    private static int[] ints(Iterable<?> values) {
        List<Integer> list = new ArrayList<>();
        values.forEach(v -> list.add(((Number) v).intValue()));
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] ints(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asInt();
        }
        return ids;
    }
}
