package dev.grpo.coderewards.internal.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The installed bubblewrap and the command line that runs one program in it. Every namespace is unshared (no
 * network, own PID namespace), only {@code /usr}, the library directories and the language's extra paths are
 * visible (read-only), the only writable place is a private, size-capped tmpfs at {@code /tmp} (also the working
 * directory and HOME), the environment is cleared, and {@code prlimit} applies the rlimits to the program. When
 * the JVM runs as root, {@code setpriv} first drops to the unprivileged {@code nobody} user: RLIMIT_NPROC is never
 * enforced on root's processes, so a fork bomb would otherwise be unbounded.
 *
 * @param bwrap   the bubblewrap executable
 * @param setpriv the setpriv executable, used to drop root
 * @param prlimit the prlimit executable (inside the sandbox, under {@code /usr})
 */
record Bubblewrap(Path bwrap, Path setpriv, Path prlimit) {

    /** The sandbox's working directory: the private tmpfs. */
    static final String WORK_DIR = "/tmp";

    /** The user and group the program runs as when the JVM is root. */
    static final int NOBODY = 65534;

    private static final List<Path> SEARCH_PATH = List.of(Path.of("/usr/bin"), Path.of("/bin"),
            Path.of("/usr/local/bin"));

    private static final List<String> SYSTEM_DIRS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

    /**
     * The installed bubblewrap and util-linux tools.
     *
     * @throws SandboxUnavailableException one line naming what is missing and how to install it
     */
    static Bubblewrap installed() {
        return installed(SEARCH_PATH);
    }

    /** The tools as found in {@code searchPath}, the directories searched in order. */
    static Bubblewrap installed(List<Path> searchPath) {
        return new Bubblewrap(
                find(searchPath, "bwrap", "bubblewrap (bwrap) is not installed: apt-get install -y bubblewrap"),
                find(searchPath, "setpriv", "setpriv (util-linux) is not installed: apt-get install -y util-linux"),
                find(searchPath, "prlimit", "prlimit (util-linux) is not installed: apt-get install -y util-linux"));
    }

    /** The full command line that runs {@code language}'s program, found on the host at {@code source}. */
    List<String> command(Language language, Path source, Limits limits) {
        List<String> argv = new ArrayList<>();
        if (runningAsRoot()) {
            argv.addAll(List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        argv.addAll(List.of(bwrap.toString(), "--unshare-all", "--die-with-parent", "--new-session",
                "--hostname", "sandbox", "--ro-bind", "/usr", "/usr"));
        SYSTEM_DIRS.forEach(dir -> systemDir(argv, Path.of(dir)));
        language.extraReadOnly().forEach(path -> argv.addAll(List.of("--ro-bind-try", path.toString(),
                path.toString())));
        argv.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                "--size", Long.toString(limits.fileBytes()), "--tmpfs", WORK_DIR,
                "--ro-bind", source.toString(), WORK_DIR + "/" + language.fileName(),
                "--remount-ro", "/", "--remount-ro", "/dev", "--chdir", WORK_DIR, "--clearenv",
                "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", WORK_DIR, "--setenv", "TMPDIR", WORK_DIR,
                "--setenv", "LANG", "C.UTF-8", "--"));
        argv.addAll(rlimits(limits));
        argv.addAll(language.command());
        return argv;
    }

    private List<String> rlimits(Limits limits) {
        return List.of(prlimit.toString(),
                "--cpu=" + limits.cpuSeconds() + ":" + (limits.cpuSeconds() + 1),
                "--as=" + limits.memoryBytes(),
                "--nproc=" + limits.maxProcesses(),
                "--fsize=" + limits.fileBytes(),
                "--nofile=" + limits.maxOpenFiles(),
                "--core=0",
                "--");
    }

    /** Merged-/usr systems have these as symlinks into /usr; older ones as real directories. */
    private static void systemDir(List<String> argv, Path dir) {
        try {
            if (Files.isSymbolicLink(dir)) {
                argv.addAll(List.of("--symlink", Files.readSymbolicLink(dir).toString(), dir.toString()));
            } else if (Files.isDirectory(dir)) {
                argv.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read system directory " + dir, e);
        }
    }

    private static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static Path find(List<Path> searchPath, String name, String missing) {
        return searchPath.stream().map(dir -> dir.resolve(name)).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new SandboxUnavailableException(missing));
    }
}
