package dev.grpo.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.GrpoCommand;
import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.schemas.TopicSpec;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code grpo topics create|describe} against a real broker. The only test that uses the real
 * catalogue names, so it is the only one that may create them on the shared broker.
 */
@ExtendWith(KafkaClusterExtension.class)
class TopicsCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Other tests on the shared broker may have run a stage that created a real catalogue topic; the admin is the cluster's, shared. */
    private static void removeCatalogueTopics(KafkaCluster kafka) throws Exception {
        Admin admin = kafka.admin();
        Set<String> real = new HashSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        real.retainAll(Stream.concat(TopicCatalogue.all().stream().map(TopicSpec::name),
                Stream.of("grpo.rewards.length")).toList());
        admin.deleteTopics(real).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + KafkaCluster.PATIENCE.toNanos();
        while (admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().anyMatch(real::contains)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + real + " were not deleted");
            }
            Thread.sleep(100);
        }
    }

    private int grpo(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return GrpoCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setColorScheme(picocli.CommandLine.Help.defaultColorScheme(Ansi.OFF))
                .execute(args);
    }

    /** One story, because the real topic names exist once per broker: create, create again, describe. */
    @Test
    void createIsIdempotentAndDescribeShowsWhatTheClusterHolds(KafkaCluster kafka) throws Exception {
        removeCatalogueTopics(kafka);
        String servers = kafka.bootstrapServers();
        int topics = TopicCatalogue.all().size() + 1;

        assertThat(grpo("topics", "create", "-b", servers, "--partitions", "2", "--reward", "length")).isZero();
        assertThat(out.toString())
                .contains("created  grpo.rollouts")
                .contains("created  grpo.rewards.length")
                .contains(topics + " created, 0 already existed.");

        assertThat(grpo("topics", "create", "-b", servers, "--partitions", "2", "--reward-component", "length")).isZero();
        assertThat(out.toString())
                .contains("exists   grpo.rollouts")
                .contains("0 created, " + topics + " already existed.")
                .doesNotContain("drift");

        assertThat(grpo("topics", "describe", "-b", servers, "--partitions", "2", "--reward-component", "length")).isZero();
        assertThat(out.toString())
                .containsPattern("(?m)^TOPIC\\s+EXISTS\\s+PARTITIONS\\s+CLEANUP\\s+RETENTION\\s+MAX MESSAGE\\s+DRIFT$")
                .containsPattern("(?m)^grpo\\.rollouts\\s+yes\\s+2\\s+delete\\s+30d\\s+8 MiB\\s+-$")
                .containsPattern("(?m)^grpo\\.policy\\.versions\\s+yes\\s+1\\s+compact\\s+forever\\s+1 MiB\\s+-$")
                .contains(topics + " topics: " + topics + " exist, 0 missing, 0 drifted from the catalogue.");

        assertThat(grpo("topics", "describe", "-b", servers, "--reward-component", "never-created")).isZero();
        assertThat(out.toString())
                .containsPattern("(?m)^grpo\\.rollouts\\s+yes\\s+2\\s+.*partitions \\(catalogue 6\\)$")
                .containsPattern("(?m)^grpo\\.policy\\.versions\\s+yes\\s+1\\s+.*-$")
                .containsPattern("(?m)^grpo\\.rewards\\.never-created\\s+no\\s+.*missing$");
        assertThat(err.toString()).isEmpty();
    }
}
