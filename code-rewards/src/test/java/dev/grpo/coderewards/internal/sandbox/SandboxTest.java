package dev.grpo.coderewards.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sandbox runs honest and hostile Python programs: each ends with the right outcome within its limits plus
 * a small margin, and nothing it tried (files, processes, connections) is visible on the host afterwards.
 * Limits are small (1 s CPU, 2 s wall, 128 MB, 32 processes) so the class is fast on a shared 2-core machine.
 */
class SandboxTest {

    private static final Limits LIMITS = Limits.of(1, 128);
    private static final Duration MARGIN = Duration.ofMillis(1500);
    /** A sleep length no other process on the host uses: how a surviving grandchild would be recognised. */
    private static final String SURVIVOR = "31.4159";
    private static final String REPO = Path.of("").toAbsolutePath().toString();
    private static final String HOST_TMP = "/tmp/grpo-sandbox-probe-" + ProcessHandle.current().pid();

    private static ServerSocket listener;
    private final Sandbox sandbox = new Sandbox(Language.python());

    /** One program, what it is given and how it must end. */
    record Case(String name, String program, String stdin, Outcome outcome, String stdout, List<Path> absentOnHost) {
        Case(String name, String program, String stdin, Outcome outcome, String stdout) {
            this(name, program, stdin, outcome, stdout, List.of());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void listenOnLoopback() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(1);
    }

    @AfterAll
    static void stopListening() throws IOException {
        listener.close();
    }

    static Stream<Case> programs() {
        return Stream.of(
                new Case("correct solution", """
                        a, b = map(int, input().split())
                        print(a + b)
                        """, "2 3\n", Outcome.OK, "5\n"),
                new Case("wrong solution", """
                        a, b = map(int, input().split())
                        print(a - b)
                        """, "2 3\n", Outcome.OK, "-1\n"),
                new Case("syntax error", "def f(:\n    pass\n", "", Outcome.NONZERO_EXIT, ""),
                new Case("nonzero exit", "import sys\nprint('bye')\nsys.exit(3)\n", "", Outcome.NONZERO_EXIT, "bye\n"),
                new Case("infinite loop", "while True:\n    pass\n", "", Outcome.TIMEOUT, ""),
                new Case("right answer only after the time limit", """
                        import time
                        time.sleep(3)
                        print(5)
                        """, "", Outcome.TIMEOUT, ""),
                new Case("fork bomb", """
                        import os
                        while True:
                            try:
                                os.fork()
                            except OSError:
                                pass
                        """, "", Outcome.TIMEOUT, null),
                new Case("fork bomb stops at the process limit", """
                        import os, time
                        n = 0
                        try:
                            while True:
                                if os.fork() == 0:
                                    time.sleep(10)
                                    os._exit(0)
                                n += 1
                        except OSError:
                            print("contained" if n < 32 else "unbounded")
                        """, "", Outcome.OK, "contained\n"),
                new Case("memory bomb", """
                        blocks = []
                        while True:
                            blocks.append(bytearray(8 * 1024 * 1024))
                        """, "", Outcome.MEMORY, ""),
                new Case("100 MB print", """
                        import sys
                        line = "x" * 1_000_000
                        for _ in range(100):
                            sys.stdout.write(line)
                        """, "", Outcome.OUTPUT_LIMIT, "x".repeat(LIMITS.outputBytes())),
                new Case("socket to 127.0.0.1", """
                        import socket
                        try:
                            socket.create_connection(("127.0.0.1", PORT), timeout=0.5)
                            print("connected")
                        except OSError:
                            print("blocked")
                        """.replace("PORT", Integer.toString(listener.getLocalPort())), "", Outcome.OK, "blocked\n"),
                attempt("write to /", "open('/grpo-sandbox-probe', 'w').write('x')", "blocked",
                        Path.of("/grpo-sandbox-probe")),
                attempt("write to the host's /tmp (lands in the private tmpfs)",
                        "open('" + HOST_TMP + "', 'w').write('x')", "done", Path.of(HOST_TMP)),
                attempt("write to the repository", "open('" + REPO + "/grpo-sandbox-probe', 'w').write('x')",
                        "blocked", Path.of(REPO, "grpo-sandbox-probe")),
                attempt("read /etc/shadow", "print(open('/etc/shadow').read())", "blocked"),
                attempt("read a repository file", "print(open('" + REPO + "/pom.xml').read())", "blocked"),
                attempt("list the host's home", "print(__import__('os').listdir('/root'))", "blocked"),
                attempt("os.kill of its parent", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
                        "done"),
                attempt("kill every process it can see (none: pid 1 and itself are exempt)",
                        "import os, signal\nos.kill(-1, signal.SIGKILL)", "blocked"),
                new Case("double-forked child outliving the program", doubleFork("pass"), "", Outcome.OK, ""),
                new Case("double-forked child outliving the timeout", doubleFork("time.sleep(60)"), "",
                        Outcome.TIMEOUT, ""),
                new Case("closes stdout early", """
                        import os, time
                        print("partial", flush=True)
                        os.close(1)
                        time.sleep(0.3)
                        os._exit(0)
                        """, "", Outcome.OK, "partial\n"),
                new Case("never reads a large stdin", "print('ignored')\n", "1 2\n".repeat(500_000), Outcome.OK,
                        "ignored\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void endsWithTheRightOutcomeAndLeavesNothingOnTheHost(Case c) throws Exception {
        Execution run = sandbox.run(c.program(), c.stdin(), LIMITS);

        assertThat(run.outcome()).as("%s; stderr: %s", c.name(), run.stderr()).isEqualTo(c.outcome());
        if (c.stdout() != null) {
            assertThat(run.stdout()).isEqualTo(c.stdout());
        }
        assertThat(run.wallTime()).isLessThan(LIMITS.wallTime().plus(MARGIN));
        assertThat(run.stdout().length()).isLessThanOrEqualTo(LIMITS.outputBytes());
        c.absentOnHost().forEach(path -> assertThat(path).doesNotExist());
        assertNoSandboxProcessRemains();
        assertThat(accepted()).as("a connection reached the host's loopback").isFalse();
    }

    @Test
    void keepsTheExitStatusAndStderrOfAFailingProgram() {
        Execution run = sandbox.run("import sys\nsys.stderr.write('why')\nsys.exit(3)\n", "", LIMITS);

        assertThat(run.exitStatus()).isEqualTo(3);
        assertThat(run.stderr()).isEqualTo("why");
        assertThat(run.truncated()).isFalse();
    }

    @Test
    void killsTheProgramWhenTheCallerIsInterrupted() throws Exception {
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            sleepQuietly(300);
            caller.interrupt();
        });
        interrupter.start();

        Execution run = sandbox.run(doubleFork("time.sleep(60)"), "", LIMITS);

        interrupter.join();
        assertThat(Thread.interrupted()).isTrue();
        assertThat(run.outcome()).isEqualTo(Outcome.SANDBOX_ERROR);
        assertThat(run.wallTime()).isLessThan(LIMITS.wallTime());
        assertNoSandboxProcessRemains();
    }

    @Test
    void marksOutputCutAtTheCapAsTruncated() {
        Execution run = sandbox.run("print('y' * 100)\n", "", LIMITS.withOutputBytes(10));

        assertThat(run.stdout()).isEqualTo("y".repeat(10));
        assertThat(run.truncated()).isTrue();
    }

    @Test
    void seesOnlyAnEmptyEnvironmentAndAPrivateHost() {
        Execution run = sandbox.run("""
                import os, socket
                print(sorted(os.environ))
                print(socket.gethostname(), os.getpid())
                print(os.listdir('/etc'))
                print(*os.listdir('/'))
                """, "", LIMITS);

        List<String> lines = run.stdout().lines().toList();
        assertThat(lines.subList(0, 3)).containsExactly("['HOME', 'LANG', 'PATH', 'PWD', 'TMPDIR']", "sandbox 2",
                "['ld.so.cache']");
        assertThat(lines.get(3).split(" ")).contains("usr", "tmp", "proc", "dev")
                .isSubsetOf("usr", "tmp", "proc", "dev", "etc", "bin", "sbin", "lib", "lib32", "lib64", "libx32");
    }

    @Test
    void refusesToStartWithoutBubblewrapNamingHowToInstallIt(@TempDir Path empty) {
        assertThatThrownBy(() -> Bubblewrap.installed(List.of(empty)))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessage("bubblewrap (bwrap) is not installed: apt-get install -y bubblewrap");
    }

    private static Case attempt(String name, String action, String expected, Path... absentOnHost) {
        String program = "try:\n" + action.indent(4) + "    print('done')\nexcept OSError:\n    print('blocked')\n";
        return new Case(name, program, "", Outcome.OK, expected + "\n", List.of(absentOnHost));
    }

    /** A grandchild in its own session sleeping for a recognisable time; then the program does {@code then}. */
    private static String doubleFork(String then) {
        return """
                import os, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        os.execv("/usr/bin/sleep", ["sleep", "SURVIVOR"])
                    os._exit(0)
                os.wait()
                THEN
                """.replace("SURVIVOR", SURVIVOR).replace("THEN", then);
    }

    private static void assertNoSandboxProcessRemains() throws InterruptedException {
        Predicate<ProcessHandle> survivor = p -> p.info().arguments().map(List::of).orElse(List.of())
                .contains(SURVIVOR);
        for (int i = 0; i < 50 && leftovers(survivor).isPresent(); i++) {
            Thread.sleep(20);
        }
        assertThat(leftovers(survivor)).as("a sandboxed process outlived its run").isEmpty();
    }

    private static Optional<ProcessHandle> leftovers(Predicate<ProcessHandle> survivor) {
        return Stream.concat(ProcessHandle.current().descendants(), ProcessHandle.allProcesses().filter(survivor))
                .filter(ProcessHandle::isAlive).findFirst();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean accepted() throws IOException {
        try {
            listener.accept().close();
            return true;
        } catch (SocketTimeoutException nothing) {
            return false;
        }
    }
}
