package dev.grpo.tests.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.GrpoCommand;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.SecuredKafkaCluster;
import dev.grpo.tests.kafka.SecuredKafkaClusterExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;

/**
 * A command the secured broker refuses (wrong password, an untrusted certificate, no ACL) fails with exit code 1 and
 * one line naming the cluster and the cause, not a stack trace or a generic timeout.
 */
@ExtendWith(SecuredKafkaClusterExtension.class)
class SecuredCommandErrorsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void aWrongPasswordIsOneLineNamingTheClusterAndTheLogin(SecuredKafkaCluster cluster) throws IOException {
        cluster.createUsers(Map.of("describer", "right-secret"));
        Path login = properties(cluster.listener().securityConfig("describer", "wrong-secret"));

        assertThat(grpo("topics", "describe", "-b", servers(cluster), "--kafka-config", login.toString(),
                "--timeout", "10")).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly("grpo topics describe: cannot use Kafka on "
                + servers(cluster) + ": login as User:describer failed, wrong user name or password "
                + "(SASL_AUTHENTICATION_FAILED)");
    }

    @Test
    void aClientThatDoesNotTrustTheBrokersCertificateIsToldSo(SecuredKafkaCluster cluster) throws IOException {
        cluster.createUsers(Map.of("describer", "right-secret"));
        Map<String, String> untrusting = new HashMap<>(cluster.listener().securityConfig("describer", "right-secret"));
        untrusting.keySet().removeIf(key -> key.startsWith("ssl.truststore."));

        assertThat(grpo("topics", "describe", "-b", servers(cluster), "--kafka-config",
                properties(untrusting).toString(), "--timeout", "10")).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("grpo topics describe: cannot use "
                + "Kafka on " + servers(cluster) + ": TLS handshake failed, is ssl.truststore.location the cluster's "
                + "trust store?");
    }

    @Test
    void aPrincipalWithoutAclsIsRefusedCreatingTopicsInOneLine(SecuredKafkaCluster cluster) throws IOException {
        cluster.createUsers(Map.of("nobody", "nobody-secret"));
        Path login = properties(cluster.listener().securityConfig("nobody", "nobody-secret"));
        String namespace = cluster.asAdmin().uniqueName("refused") + ".";

        assertThat(grpo("topics", "create", "-b", servers(cluster), "--kafka-config", login.toString(),
                "--topic-prefix", namespace, "--timeout", "10")).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly("grpo topics create: cannot use Kafka on "
                + servers(cluster) + ": principal User:nobody is not authorized (TOPIC_AUTHORIZATION_FAILED)");
        assertThat(cluster.asAdmin().admin().listTopics().names()).succeedsWithin(KafkaCluster.PATIENCE)
                .satisfies(names -> assertThat(names).noneMatch(name -> name.startsWith(namespace)));
    }

    private static String servers(SecuredKafkaCluster cluster) {
        return cluster.listener().bootstrapServers();
    }

    private Path properties(Map<String, String> settings) throws IOException {
        Properties properties = new Properties();
        properties.putAll(settings);
        Path file = Files.createTempFile(dir, "client", ".properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, null);
        }
        return file;
    }

    private int grpo(String... args) {
        return GrpoCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .setColorScheme(picocli.CommandLine.Help.defaultColorScheme(Ansi.OFF)).execute(args);
    }
}
