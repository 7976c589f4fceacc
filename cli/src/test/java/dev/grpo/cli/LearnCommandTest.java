package dev.grpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.learner.LearnerConfig;
import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.learner.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code grpo learn}'s group timeout (the config's default unless given, a number with a unit or ISO-8601) and its
 * cluster and namespace.
 */
class LearnCommandTest {

    private static LearnerConfig config(String... args) {
        CommandLine cli = new CommandLine(new LearnCommand());
        cli.parseArgs(args);
        return cli.<LearnCommand>getCommand().config();
    }

    @Test
    void theGroupTimeoutDefaultsToTheLearnersAndTakesAUnit() {
        assertThat(config("--checkpoint-dir", "ckpt").run().groupTimeout()).isEqualTo(TrainingRun.DEFAULT_GROUP_TIMEOUT);
        assertThat(config("--checkpoint-dir", "ckpt", "--group-timeout", "90s").run().groupTimeout())
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void theLearnersTopicsAndClusterAreInTheNamespaceOfTheTopicPrefix(@TempDir Path dir) throws IOException {
        Path properties = Files.writeString(dir.resolve("client.properties"), "security.protocol=SASL_SSL\n");

        LearnerConfig config = config("--checkpoint-dir", "ckpt", "-b", "broker:9093", "--topic-prefix", "team-a.",
                "--kafka-config", properties.toString());

        assertThat(config.topics()).isEqualTo(LearnerTopics.catalogue().prefixed("team-a."));
        assertThat(config.cluster().group(config.learnerId())).isEqualTo("team-a.learner");
        assertThat(config.cluster().clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "broker:9093");
    }

    @Test
    void aGroupTimeoutThatIsNotAPositiveDurationIsRefusedInOneLine() {
        StringWriter err = new StringWriter();
        CommandLine cli = GrpoCommand.commandLine().setErr(new PrintWriter(err, true))
                .setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));

        assertThat(cli.execute("learn", "--checkpoint-dir", "ckpt", "--group-timeout", "0s")).isEqualTo(2);
        assertThat(err.toString()).contains("--group-timeout").contains("'0s' is not a positive duration");
    }
}
