package dev.grpo.cli;

import dev.grpo.cli.kafka.KafkaConnection;
import dev.grpo.cli.defaults.ConfigDefaults;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How {@code grpo} reports errors: one line naming the problem instead of a usage dump or a stack
 * trace. Bad arguments add one hint line and exit with 2; a failure while running exits with 1. A cluster refusing
 * the login, the TLS handshake or an operation for want of an ACL is named with the cluster and the cause
 * ({@link KafkaConnection#refusal}), however deep in the failure's causes the refusal lies.
 */
final class OneLineErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getColorScheme().errorText(command.getCommandSpec().qualifiedName() + ": "
                + oneLine(ex.getMessage()) + origin(command, ex)));
        err.println(suggestion(ex) + "Try '" + command.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        String message = connection(command.getCommandSpec()).flatMap(kafka -> kafka.refusal(ex))
                .map(refusal -> oneLine(refusal.getMessage())).orElseGet(() -> describe(ex));
        err.println(command.getColorScheme().errorText(command.getCommandSpec().qualifiedName() + ": " + message));
        err.flush();
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    /** The Kafka options of the failing command, which name the cluster a refusal came from. */
    private static Optional<KafkaConnection> connection(CommandSpec command) {
        return command.mixins().values().stream().map(CommandSpec::userObject)
                .filter(KafkaConnection.class::isInstance).map(KafkaConnection.class::cast).findFirst();
    }

    /** Names the variable or the file and key a bad default came from, so that the user knows where to fix it. */
    private static String origin(CommandLine command, ParameterException ex) {
        return command.getDefaultValueProvider() instanceof ConfigDefaults defaults
                ? defaults.originOfFailure(ex).map(origin -> " (from " + origin.source() + ")").orElse("") : "";
    }

    private static String suggestion(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                return "Did you mean '" + String.join("' or '", suggestions) + "'? ";
            }
        }
        return "";
    }

    /** The failure's message, followed by its root cause's when that adds something. */
    private static String describe(Throwable failure) {
        String message = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != failure && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + ": " + root.getMessage();
        }
        return oneLine(message);
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
