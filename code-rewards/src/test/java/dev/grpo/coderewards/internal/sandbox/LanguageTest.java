package dev.grpo.coderewards.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A language is configuration: a file name, an absolute command and the extra paths it needs. */
class LanguageTest {

    @Test
    void pythonIsDebiansInterpreterInIsolatedMode() {
        assertThat(Language.python().command()).containsExactly("/usr/bin/python3", "-I", "main.py");
    }

    @Test
    void rejectsACommandFoundOnThePath() {
        assertThatThrownBy(() -> new Language("python", "main.py", List.of("python3", "main.py"), List.of(),
                "MemoryError"))
                .hasMessage("language python: command must start with an absolute path, got [python3, main.py]");
    }

    @Test
    void rejectsAFileNameOutsideTheWorkingDirectory() {
        assertThatThrownBy(() -> new Language("python", "../main.py", List.of("/usr/bin/python3"), List.of(),
                "MemoryError"))
                .hasMessage("language python: fileName must be a plain file name, got ../main.py");
    }
}
