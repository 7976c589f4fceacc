package dev.grpo.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.GrpoCommand;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code grpo rewards} with an external component refuses to start until that component's topic exists, and the
 * refusal names the {@code grpo topics create} command after which it starts. It runs on the catalogue's topic names
 * (the component's name is the test's own).
 */
@ExtendWith(KafkaClusterExtension.class)
class RewardsCommandTest {

    private static final Pattern CREATE = Pattern.compile("'grpo (topics create --reward [^']+)'");

    @Test
    void refusesAMissingRewardTopicAndStartsOnceTheNamedCommandCreatedIt(KafkaCluster kafka, @TempDir Path stateDir)
            throws Exception {
        String component = kafka.uniqueName("external");
        List<String> rewards = List.of("rewards", "-b", kafka.bootstrapServers(), "--state-dir", stateDir.toString(),
                "--threads", "1", "--instance-id", "topic-check", "--weight", component + "=1");
        StringWriter refused = new StringWriter();

        assertThat(CompletableFuture.supplyAsync(() -> grpo(rewards, refused)).get(60, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(refused.toString().strip()).startsWith("grpo rewards: reward topic grpo.rewards." + component
                + " of component '" + component + "' does not exist: create it with 'grpo topics create --reward "
                + component).doesNotContain("\n");
        assertThat(kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS))
                .doesNotContain("grpo.rewards." + component);

        Matcher create = CREATE.matcher(refused.toString());
        assertThat(create.find()).isTrue();
        List<String> topics = new ArrayList<>(List.of(create.group(1).split(" ")));
        topics.addAll(List.of("-b", kafka.bootstrapServers()));
        assertThat(grpo(topics, new StringWriter())).isZero();

        StringWriter err = new StringWriter();
        Thread running = new Thread(() -> grpo(rewards, err), "grpo-rewards");
        running.start();
        try {
            awaitContains(err, "rewards running against");
            assertThat(err.toString()).contains(component + "=1.0");
        } finally {
            running.interrupt();
            running.join(Duration.ofMinutes(1).toMillis());
        }
        assertThat(running.isAlive()).isFalse();
    }

    private static int grpo(List<String> args, StringWriter err) {
        return GrpoCommand.commandLine()
                .setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true))
                .setColorScheme(picocli.CommandLine.Help.defaultColorScheme(Ansi.OFF))
                .execute(args.toArray(String[]::new));
    }

    private static void awaitContains(StringWriter err, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!err.toString().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' within 60 s; stderr:\n" + err);
            }
            Thread.sleep(100);
        }
    }
}
