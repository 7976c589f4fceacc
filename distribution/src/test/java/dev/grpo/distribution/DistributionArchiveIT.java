package dev.grpo.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive, unpacked into a temporary folder outside the repository and run as a user would: its
 * {@code bin/grpo} finds Java through {@code JAVA_HOME}, with a PATH holding only the system's folders (no Maven),
 * and runs from that folder alone. HOME stays the user's, where DJL keeps the PyTorch library it unpacks from lib/.
 */
class DistributionArchiveIT {

    private static final String VERSION = System.getProperty("grpo.version");

    @TempDir
    static Path unpacked;

    private static Path home;

    /** A copy of the unpacked archive without lib/broker, as the Docker image has it. */
    private static Path withoutBroker;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("grpo.archive"));
        Result tar = run(unpacked, List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString()));
        assertThat(tar.exit()).as(tar.output()).isZero();
        home = unpacked.resolve("grpo-" + VERSION);
        withoutBroker = unpacked.resolve("without-broker");
        Result copy = run(unpacked, List.of("cp", "-r", home.toString(), withoutBroker.toString()));
        assertThat(copy.exit()).as(copy.output()).isZero();
        Result remove = run(unpacked, List.of("rm", "-r", withoutBroker.resolve("lib/broker").toString()));
        assertThat(remove.exit()).as(remove.output()).isZero();
    }

    @Test
    void holdsTheLauncherTheClassPathTheBaseModelReadmeAndLicense() throws IOException {
        assertThat(Files.isExecutable(home.resolve("bin/grpo"))).isTrue();
        assertThat(home.resolve("conf/jvm.options")).content().contains("-Dai.djl.pytorch.num_threads=1");
        assertThat(home.resolve("lib/grpo-cli-" + VERSION + ".jar")).exists();
        assertThat(home.resolve("lib/pytorch-native-cpu-" + System.getProperty("pytorch.version")
                + "-linux-x86_64.jar")).exists();
        assertThat(home.resolve("lib")).as("no test framework").isDirectoryNotContaining("glob:**/junit-*");
        assertThat(home.resolve("models/arithmetic-base/model.safetensors")).exists();
        assertThat(home.resolve("README.md")).content().contains("./grpo demo");
        assertThat(home.resolve("LICENSE")).content().contains("Apache License");
    }

    @Test
    void keepsTheEmbeddedBrokerAndTheJarsOnlyItNeedsInLibBroker() {
        String server = "kafka-server-" + System.getProperty("kafka.version") + ".jar";
        assertThat(home.resolve("lib/broker/" + server)).exists();
        assertThat(home.resolve("lib/broker/grpo-broker-" + VERSION + ".jar")).exists();
        assertThat(home.resolve("lib/" + server)).doesNotExist();
        assertThat(home.resolve("lib/kafka-clients-" + System.getProperty("kafka.version") + ".jar")).exists();
    }

    @Test
    void holdsTheJarsOfTheClisOwnClassPathOnceEach() throws IOException {
        List<String> expected = new ArrayList<>(jars(Path.of(System.getProperty("grpo.cliLib"))));
        expected.add("grpo-cli-" + VERSION + ".jar");
        List<String> archived = new ArrayList<>(jars(home.resolve("lib")));
        archived.addAll(jars(home.resolve("lib/broker")));
        assertThat(archived).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void withoutLibBrokerRunsEveryStageCommand() throws Exception {
        Result help = run(withoutBroker, List.of("bin/grpo", "--help"), Map.of());
        assertThat(help.exit()).as(help.output()).isZero();
        for (String stage : List.of("generate", "rewards", "learn", "code-reward", "topics")) {
            Result stageHelp = run(withoutBroker, List.of("bin/grpo", stage, "--help"), Map.of());
            assertThat(stageHelp.exit()).as(stageHelp.output()).isZero();
            assertThat(stageHelp.output()).contains("Usage: grpo " + stage);
        }
    }

    @Test
    void withoutLibBrokerTheBrokerAndTheDemoSayInOneLineThatTheyNeedIt() throws Exception {
        Path data = unpacked.resolve("kafka");
        for (List<String> command : List.of(List.of("broker", "--port", "0", "--data", data.toString()),
                List.of("demo", "--out", unpacked.resolve("demo").toString()))) {
            List<String> line = new ArrayList<>(List.of("bin/grpo"));
            line.addAll(command);
            Result refused = run(withoutBroker, line, Map.of());
            assertThat(refused.exit()).as(refused.output()).isEqualTo(2);
            assertThat(refused.output().strip()).isEqualTo("grpo " + command.get(0) + ": this installation has no embedded "
                    + "broker (lib/broker is missing); point --bootstrap-servers at a Kafka cluster, or use the full "
                    + "release archive");
        }
    }

    @Test
    void withLibBrokerTheBrokerCommandFindsTheBroker() throws Exception {
        Result broker = grpo("broker", "--security", "none");
        assertThat(broker.exit()).as(broker.output()).isEqualTo(2);
        assertThat(broker.output()).contains("grpo broker: --security must be plaintext or sasl-ssl, got 'none'");
    }

    @Test
    void printsItsVersion() throws Exception {
        Result version = grpo("--version");
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).contains("grpo " + VERSION);
    }

    @Test
    void listsItsCommands() throws Exception {
        Result help = grpo("--help");
        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).contains("demo", "learn", "generate", "rewards");
    }

    @Test
    void runsTheBaseModelOnPyTorchFromItsOwnLib() throws Exception {
        Path in = Files.writeString(unpacked.resolve("in.jsonl"), "{\"id\":\"a\",\"prompt\":\"2+3=\",\"completion\":\"5\"}\n");
        Path out = unpacked.resolve("out.jsonl");
        Result logprobs = grpo("logprobs", "--model", "models/arithmetic-base", "--in", in.toString(),
                "--out", out.toString());
        assertThat(logprobs.exit()).as(logprobs.output()).isZero();
        assertThat(out).content().contains("\"id\":\"a\"", "\"logprobs\":[");
    }

    @Test
    void appendsGrpoJavaOptsToItsDefaults() throws Exception {
        Result settings = run(home, List.of("bin/grpo", "--version"),
                Map.of("GRPO_JAVA_OPTS", "-XshowSettings:properties -Dai.djl.pytorch.num_threads=2"));
        assertThat(settings.exit()).as(settings.output()).isZero();
        assertThat(settings.output()).contains("ai.djl.pytorch.num_interop_threads = 1", "ai.djl.pytorch.num_threads = 2");
    }

    @Test
    void startsJavaWithTheAllocatorAndOpenMpSettingsOfConfEnvironment() throws Exception {
        Result launch = run(home, List.of("bin/grpo", "--version"), Map.of("JAVA_HOME", environmentPrinter()));
        assertThat(launch.exit()).as(launch.output()).isZero();
        assertThat(launch.output()).contains("GLIBC_TUNABLES=glibc.malloc.arena_max=1:"
                + "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967296\n",
                "OMP_WAIT_POLICY=PASSIVE\n");
    }

    @Test
    void leavesAnAllocatorSettingOfTheUsersAsItIs() throws Exception {
        Result launch = run(home, List.of("bin/grpo", "--version"),
                Map.of("JAVA_HOME", environmentPrinter(), "GLIBC_TUNABLES", "glibc.malloc.arena_max=4"));
        assertThat(launch.exit()).as(launch.output()).isZero();
        assertThat(launch.output()).contains("GLIBC_TUNABLES=glibc.malloc.arena_max=4\n");
    }

    /** The tests' JVMs get conf/environment's values from the parent pom's properties: the two must not drift. */
    @Test
    void givesTheTestsJvmsTheSameSettingsAsConfEnvironment() throws IOException {
        Map<String, String> environment = new java.util.HashMap<>();
        for (String line : Files.readAllLines(home.resolve("conf/environment"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                environment.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        String parentPom = Files.readString(Path.of("..", "pom.xml"));
        assertThat(environment).containsOnlyKeys("GLIBC_TUNABLES", "OMP_WAIT_POLICY")
                .containsEntry("GLIBC_TUNABLES", property(parentPom, "grpo.glibc.tunables"))
                .containsEntry("OMP_WAIT_POLICY", property(parentPom, "grpo.omp.wait.policy"));
    }

    /** The first value of {@code <name>} in the POM: its default, before any profile's. */
    private static String property(String pom, String name) {
        int start = pom.indexOf("<" + name + ">");
        assertThat(start).as(name + " in the parent pom").isNotNegative();
        return pom.substring(start + name.length() + 2, pom.indexOf("</" + name + ">", start));
    }

    /** A JAVA_HOME whose bin/java prints the environment it was started with, as the JVM would see it. */
    private static String environmentPrinter() throws IOException {
        Path java = unpacked.resolve("environment-printer/bin/java");
        if (!Files.exists(java)) {
            Files.createDirectories(java.getParent());
            Files.writeString(java, "#!/bin/sh\nexec env\n");
            assertThat(java.toFile().setExecutable(true)).isTrue();
        }
        return java.getParent().getParent().toString();
    }

    private static List<String> jars(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".jar")).toList();
        }
    }

    private static Result grpo(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bin/grpo"));
        command.addAll(List.of(arguments));
        return run(home, command, Map.of());
    }

    private static Result run(Path directory, List<String> command) throws Exception {
        return run(directory, command, Map.of());
    }

    /** Runs a command in the unpacked folder with only JAVA_HOME and the system PATH: no Maven, no source tree. */
    private static Result run(Path directory, List<String> command, Map<String, String> extra) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("HOME", System.getProperty("user.home"));
        environment.putAll(extra);
        Path log = Files.createTempFile(unpacked, "grpo", ".log");
        Process process = builder.redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("finished: " + command + "\n" + output).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exit, String output) {
    }
}
