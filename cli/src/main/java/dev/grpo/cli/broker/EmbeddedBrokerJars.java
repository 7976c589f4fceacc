package dev.grpo.cli.broker;

import picocli.CommandLine.Model.CommandSpec;

/**
 * The embedded broker's jars ({@code grpo-broker} and the Kafka server jars only it needs, {@code lib/broker} of the
 * release archive), which an installation may lack: the Docker image deletes them, since its stages talk to a Kafka
 * cluster. A command that needs the embedded broker asks {@link #absent} before it touches a broker type, so that
 * without them it ends with one line instead of a {@link NoClassDefFoundError}.
 */
public final class EmbeddedBrokerJars {

    /** The exit code of a command refused for want of the embedded broker: a usage error, as for a bad argument. */
    public static final int EXIT_CODE = 2;

    /** A class of {@code grpo-broker}, named as text: a class literal would fail to resolve when it is absent. */
    static final String BROKER_CLASS = "dev.grpo.broker.EmbeddedKafkaBroker";

    private EmbeddedBrokerJars() {
    }

    /** @return whether the embedded broker is on the class path */
    public static boolean present() {
        try {
            Class.forName(BROKER_CLASS, false, EmbeddedBrokerJars.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Prints the one line that says so on {@code command}'s error stream when the embedded broker is absent.
     *
     * @return whether it is absent: the command then returns {@link #EXIT_CODE}
     */
    public static boolean absent(CommandSpec command) {
        if (present()) {
            return false;
        }
        command.commandLine().getErr().println(command.commandLine().getColorScheme().errorText(command.qualifiedName()
                + ": this installation has no embedded broker (lib/broker is missing); point --bootstrap-servers at "
                + "a Kafka cluster, or use the full release archive"));
        command.commandLine().getErr().flush();
        return true;
    }
}
