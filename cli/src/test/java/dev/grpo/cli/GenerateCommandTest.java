package dev.grpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.producers.GeneratorConfig;
import dev.grpo.producers.GeneratorTopics;
import dev.grpo.producers.PromptOrigin;
import dev.grpo.producers.AnswerFormat;
import dev.grpo.producers.PromptFields;
import dev.grpo.producers.PromptFile;
import dev.grpo.schemas.KafkaClusterConfig;
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

/** {@code grpo generate}'s options map onto {@link GeneratorConfig} one to one, defaults included. */
class GenerateCommandTest {

    private final StringWriter err = new StringWriter();

    private GeneratorConfig config(String... args) {
        CommandLine cli = new CommandLine(new GenerateCommand());
        cli.parseArgs(args);
        return cli.<GenerateCommand>getCommand().config();
    }

    @Test
    void theDefaultsAreGeneratorConfigsWithOnePyTorchThreadPerSamplingThread() {
        assertThat(config("--generator-id", "g")).isEqualTo(GeneratorConfig.builder("g").samplingThreads(1).build());
    }

    @Test
    void theModelAndItsDeviceReachTheGenerator() {
        GeneratorConfig config = config("--generator-id", "g", "--model", "models/m", "--device", "cpu");

        assertThat(config.initialCheckpoint()).contains(Path.of("models/m"));
        assertThat(config.device()).isEqualTo("cpu");
        assertThat(config("--generator-id", "g").device()).isEqualTo("auto");
    }

    @Test
    void theTorchThreadsReachTheSamplingThreadsWhichSetThemThemselves() {
        assertThat(config("--generator-id", "g").samplingThreads()).isEqualTo(1);
        assertThat(config("--generator-id", "g", "--torch-threads", "2").samplingThreads()).isEqualTo(2);
    }

    @Test
    void partialRolloutsAreOffUnlessAskedFor() {
        assertThat(config("--generator-id", "g").partialRollouts()).isFalse();
        assertThat(config("--generator-id", "g", "--partial-rollouts").partialRollouts()).isTrue();
        assertThat(config("--generator-id", "g", "--no-partial-rollouts").partialRollouts()).isFalse();
    }

    @Test
    void theTopicPrefixNamespacesTheGeneratorsTopics() {
        GeneratorConfig config = config("--generator-id", "g", "-b", "broker:9093", "--topic-prefix", "team-a.");

        assertThat(config.topics()).isEqualTo(GeneratorTopics.standard().prefixed("team-a."));
        assertThat(config.cluster()).isEqualTo(KafkaClusterConfig.of("broker:9093").withTopicPrefix("team-a."));
    }

    @Test
    void aClaimLeaseIsANumberWithAUnitOrIso8601() {
        assertThat(config("--generator-id", "g").claimLease()).isEqualTo(GeneratorConfig.DEFAULT_CLAIM_LEASE)
                .isEqualTo(Duration.ofMinutes(3));
        assertThat(config("--claim-lease", "90s").claimLease()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config("--claim-lease", "500ms").claimLease()).isEqualTo(Duration.ofMillis(500));
        assertThat(config("--claim-lease", "PT2M").claimLease()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aClaimLeaseMustBeAPositiveDuration() {
        for (String lease : new String[] {"0s", "-3m", "soon", "3"}) {
            CommandLine cli = GrpoCommand.commandLine().setErr(new PrintWriter(err, true))
                    .setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));

            assertThat(cli.execute("generate", "--claim-lease", lease)).as(lease).isEqualTo(2);
            assertThat(err.toString()).contains("--claim-lease").contains("'" + lease + "' is not a positive duration");
        }
    }

    @Test
    void aPromptFileIsMappedByTheFieldOptions(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("train.parquet"));

        PromptOrigin origin = config("--prompts", file.toString(), "--prompt-field", "question", "--answer-field",
                "answer", "--answer-format", "gsm8k", "--task", "gsm8k", "--once").origin();

        assertThat(origin).isEqualTo(new PromptOrigin.LocalFile(new PromptFile(file, new PromptFields("question",
                "answer", true, "id", AnswerFormat.GSM8K, "gsm8k", null)), false));
        assertThat(config("--prompts", file.toString()).origin()).isEqualTo(new PromptOrigin.LocalFile(
                new PromptFile(file, PromptFields.standard()), true));
    }

    @Test
    void aPromptFileOfAnUnknownTypeIsOneLine() {
        CommandLine cli = GrpoCommand.commandLine().setErr(new PrintWriter(err, true))
                .setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));

        assertThat(cli.execute("generate", "--prompts", "train.csv")).isEqualTo(2);
        assertThat(err.toString().lines()).first().isEqualTo(
                "grpo generate: unknown prompt file type: train.csv (expected .jsonl, .json, .jsonl.gz, .json.gz, .parquet)");
    }
}
