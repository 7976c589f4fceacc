package dev.grpo.coderewards.internal.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to run a program of one language in the sandbox: the file its source is written to (in the sandbox's
 * working directory), the command that runs it there, the host paths it needs besides {@code /usr} and the
 * library directories (bound read-only), and the text its runtime prints when it runs out of memory. A new
 * language is a new value of this record, e.g. Java as {@code Main.java} run by
 * {@code sh -c "javac Main.java && java Main"} with {@code /etc/alternatives} and {@code /etc/java-17-openjdk}.
 *
 * @param name          the name a verification spec uses, e.g. {@code python}
 * @param fileName      the source file's name in the working directory
 * @param command       the command run in the working directory, absolute interpreter path first
 * @param extraReadOnly host paths bound read-only at the same place (skipped when missing)
 * @param memoryError   text in stderr that means the runtime ran out of memory
 */
public record Language(String name, String fileName, List<String> command, List<Path> extraReadOnly,
                       String memoryError) {

    /** Checks the parts and copies the lists, so a language is immutable. */
    public Language {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(memoryError, "memoryError");
        if (fileName == null || fileName.isBlank() || fileName.contains("/")) {
            throw new IllegalArgumentException("language " + name + ": fileName must be a plain file name, got "
                    + fileName);
        }
        if (command == null || command.isEmpty() || !command.get(0).startsWith("/")) {
            throw new IllegalArgumentException("language " + name + ": command must start with an absolute path, got "
                    + command);
        }
        command = List.copyOf(command);
        extraReadOnly = List.copyOf(extraReadOnly);
    }

    /**
     * Python 3 as Debian installs it: {@code /usr/bin/python3 -I main.py}. The absolute path matters: a
     * {@code python3} found on PATH may be a pyenv shim under the home directory, which the sandbox cannot see;
     * {@code -I} (isolated mode) ignores PYTHON* variables and the user's site directory.
     */
    public static Language python() {
        return new Language("python", "main.py", List.of("/usr/bin/python3", "-I", "main.py"),
                List.of(Path.of("/etc/ld.so.cache")), "MemoryError");
    }
}
