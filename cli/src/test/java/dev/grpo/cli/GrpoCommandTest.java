package dev.grpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

class GrpoCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = GrpoCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));
        return cli.execute(args);
    }

    private List<String> errLines() {
        return err.toString().lines().toList();
    }

    @Test
    void helpDescribesTheProjectAndListsEverySubcommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains("Usage: grpo")
                .contains("Streaming GRPO")
                .containsPattern("(?m)^\\s+broker\\s+Run a single-node Kafka broker")
                .containsPattern("(?m)^\\s+topics\\s+Create or inspect")
                .containsPattern("(?m)^\\s+help\\s+");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void everySubcommandHasItsOwnHelp() {
        assertThat(run("broker", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: grpo broker", "--port", "--data", "--host");
        assertThat(run("topics", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: grpo topics").containsPattern("(?m)^\\s+create\\s").containsPattern("(?m)^\\s+describe\\s");
        assertThat(run("topics", "create", "--help")).isZero();
        assertThat(out.toString()).contains("--bootstrap-servers", "--partitions", "--reward-component", "--timeout");
    }

    @Test
    void versionComesFromTheBuild() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("grpo ").doesNotContain("unknown").doesNotContain("${");
    }

    @Test
    void anUnknownCommandIsOneLineWithASuggestionAndExitCode2() {
        assertThat(run("brokr")).isEqualTo(2);
        assertThat(errLines()).hasSize(2);
        assertThat(errLines().get(0)).startsWith("grpo: ").contains("'brokr'");
        assertThat(errLines().get(1)).startsWith("Did you mean 'broker'").endsWith("? Try 'grpo --help'");
    }

    @Test
    void aMissingSubcommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(errLines()).containsExactly("grpo: Missing required subcommand", "Try 'grpo --help'");
        assertThat(run("topics")).isEqualTo(2);
        assertThat(errLines()).endsWith("Try 'grpo topics --help'");
    }

    @Test
    void anUnknownOptionNamesIt() {
        assertThat(run("topics", "create", "--partition", "3")).isEqualTo(2);
        assertThat(errLines()).hasSize(2);
        assertThat(errLines().get(0)).contains("--partition");
        assertThat(errLines().get(1)).endsWith("Try 'grpo topics create --help'");
    }

    @Test
    void aNonNumericPartitionCountIsRejected() {
        assertThat(run("topics", "create", "--partitions", "many")).isEqualTo(2);
        assertThat(errLines()).hasSize(2);
        assertThat(errLines().get(0)).contains("--partitions").contains("'many'");
    }

    @Test
    void aPartitionCountBelowOneIsRejectedBeforeConnecting() {
        assertThat(run("topics", "create", "--partitions", "0", "--bootstrap-servers", "localhost:1")).isEqualTo(2);
        assertThat(errLines()).containsExactly(
                "grpo topics create: --partitions must be at least 1, got 0", "Try 'grpo topics create --help'");
    }

    @Test
    void anInvalidRewardComponentNameIsRejected() {
        assertThat(run("topics", "describe", "--reward", "Not Valid")).isEqualTo(2);
        assertThat(errLines()).hasSize(2);
        assertThat(errLines().get(0)).startsWith("grpo topics describe: --reward: ").contains("'Not Valid'");
    }

    @Test
    void aBootstrapServerWithoutPortIsRejected() {
        assertThat(run("topics", "describe", "--bootstrap-servers", "kafka.example.com")).isEqualTo(2);
        assertThat(errLines()).hasSize(2);
        assertThat(errLines().get(0)).contains("--bootstrap-servers").contains("'kafka.example.com' is not HOST:PORT");
    }

    @Test
    void aBrokerPortOutOfRangeIsRejected() {
        assertThat(run("broker", "--port", "70000")).isEqualTo(2);
        assertThat(errLines()).containsExactly(
                "grpo broker: port must be between 0 and 65535, got 70000", "Try 'grpo broker --help'");
    }

    @Test
    void anUnknownBrokerSecurityModeOrAMalformedUserIsRejected() {
        assertThat(run("broker", "--security", "tls")).isEqualTo(2);
        assertThat(errLines()).containsExactly(
                "grpo broker: --security must be plaintext or sasl-ssl, got 'tls'", "Try 'grpo broker --help'");
    }

    @Test
    void aBrokerUserNeedsASecuredBroker() {
        assertThat(run("broker", "--user", "alice:pw")).isEqualTo(2);
        assertThat(errLines().get(0)).isEqualTo("grpo broker: users need a secured broker (--security sasl-ssl)");
    }

    @Test
    void topicsAclsPrintsKafkaAclsLinesForTheNamespaceWithoutACluster() {
        assertThat(run("topics", "acls", "--print", "--topic-prefix", "team-a.", "--principal", "learner=User:alice",
                "--principal", "judge=User:bob")).isZero();
        assertThat(out.toString().lines()).allMatch(line -> line.startsWith("kafka-acls.sh --bootstrap-server "
                + "localhost:9092 --command-config admin.properties --add --allow-principal User:"))
                .contains("kafka-acls.sh --bootstrap-server localhost:9092 --command-config admin.properties --add "
                        + "--allow-principal User:alice --operation Write --topic team-a.grpo.policy.versions")
                .contains("kafka-acls.sh --bootstrap-server localhost:9092 --command-config admin.properties --add "
                        + "--allow-principal User:bob --operation Write --topic team-a.grpo.rewards.judge");
    }

    @Test
    void topicsAclsRejectsAPrincipalWithoutStage() {
        assertThat(run("topics", "acls", "--principal", "User:alice")).isEqualTo(2);
        assertThat(errLines().get(0)).startsWith("grpo topics acls: a principal is STAGE=TYPE:NAME");
    }

    @Test
    void rewardsNamesItsInstanceForQuickRestarts() {
        assertThat(run("rewards", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--instance-id=NAME")
                .contains("as static members").contains("Default: this machine's host name");
    }

    @Test
    void anInstanceIdThatCannotNameAGroupMemberIsRejectedBeforeConnecting() {
        assertThat(run("rewards", "--instance-id", "two words", "--bootstrap-servers", "localhost:1")).isEqualTo(2);
        assertThat(errLines()).containsExactly("grpo rewards: --instance-id: an instance id is 1 to 128 letters, digits, "
                + "'.', '_' or '-', got 'two words'", "Try 'grpo rewards --help'");
    }

    @Test
    void codeRewardNamesItsFlagsAndWhatItNeeds() {
        assertThat(run("code-reward", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--workers=N").contains("--partial")
                .contains("--instance-id=NAME").contains("grpo.rewards.code").contains("apt-get install -y bubblewrap");
    }

    @Test
    void codeRewardSettingsAreCheckedBeforeConnecting() {
        assertThat(run("code-reward", "--workers", "0", "--bootstrap-servers", "localhost:1")).isEqualTo(2);
        assertThat(errLines()).containsExactly("grpo code-reward: workers must be >= 1, got 0",
                "Try 'grpo code-reward --help'");
        assertThat(run("code-reward", "--instance-id", "two words", "--bootstrap-servers", "localhost:1")).isEqualTo(2);
        assertThat(errLines()).contains("grpo code-reward: instance id must be 1 to 128 letters, digits, '.', '_' or "
                + "'-', got 'two words'");
    }

    @Test
    void anUnreachableClusterIsOneLineAndExitCode1() {
        assertThat(run("topics", "describe", "--bootstrap-servers", "localhost:1", "--timeout", "2")).isEqualTo(1);
        assertThat(errLines()).containsExactly("grpo topics describe: cannot reach Kafka at localhost:1: no answer within 2 s"
                + " (is a broker running there? 'grpo broker' starts a local one)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnreachableClusterWithASecurityProtocolPointsAtTheSecuritySettingsInstead(@TempDir Path dir)
            throws IOException {
        Path secured = Files.writeString(dir.resolve("client.properties"), "security.protocol=SSL\n");

        assertThat(run("topics", "describe", "--bootstrap-servers", "localhost:1", "--kafka-config", secured.toString(),
                "--timeout", "2")).isEqualTo(1);
        assertThat(errLines()).containsExactly("grpo topics describe: cannot reach Kafka at localhost:1: no answer "
                + "within 2 s (check the TLS/SASL settings in " + secured + ")");
    }
}
