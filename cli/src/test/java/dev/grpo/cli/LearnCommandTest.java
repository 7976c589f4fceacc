package dev.grpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.learner.LearnerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** {@code grpo learn}'s group timeout: the config's default unless given, a number with a unit or ISO-8601. */
class LearnCommandTest {

    private static LearnerConfig config(String... args) {
        CommandLine cli = new CommandLine(new LearnCommand());
        cli.parseArgs(args);
        return cli.<LearnCommand>getCommand().config();
    }

    @Test
    void theGroupTimeoutDefaultsToTheLearnersAndTakesAUnit() {
        assertThat(config("--checkpoint-dir", "ckpt").groupTimeout()).isEqualTo(LearnerConfig.DEFAULT_GROUP_TIMEOUT);
        assertThat(config("--checkpoint-dir", "ckpt", "--group-timeout", "90s").groupTimeout())
                .isEqualTo(Duration.ofSeconds(90));
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
