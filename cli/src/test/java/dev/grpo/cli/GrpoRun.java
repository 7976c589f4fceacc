package dev.grpo.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * One {@code grpo} command line, run or only parsed, in a given environment, with what it printed: the way the
 * option tests look at a command from the outside.
 *
 * @param exit the exit code, or -1 when the line was only parsed
 * @param out what it printed to standard output
 * @param err what it printed to standard error
 * @param parsed the innermost command picocli parsed, when the line was only parsed
 */
public record GrpoRun(int exit, String out, String err, Optional<CommandSpec> parsed) {

    /** Runs {@code args} as {@code grpo} would, with {@code environment} as the process environment. */
    public static GrpoRun execute(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = commandLine(environment, out, err).execute(args);
        return new GrpoRun(exit, out.toString(), err.toString(), Optional.empty());
    }

    /** Parses {@code args} without running the command; a parse error propagates. */
    public static GrpoRun parse(Map<String, String> environment, String... args) {
        ParseResult result = commandLine(environment, new StringWriter(), new StringWriter()).parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return new GrpoRun(-1, "", "", Optional.of(result.commandSpec()));
    }

    /** @return the parsed command's mixin of type {@code type} */
    public <T> T mixin(Class<T> type) {
        return parsed.orElseThrow().mixins().values().stream().map(CommandSpec::userObject).filter(type::isInstance)
                .map(type::cast).findFirst()
                .orElseThrow(() -> new AssertionError(parsed.get().qualifiedName() + " has no " + type.getSimpleName()));
    }

    private static CommandLine commandLine(Map<String, String> environment, StringWriter out, StringWriter err) {
        return GrpoCommand.commandLine(environment).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));
    }
}
