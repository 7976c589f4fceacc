package dev.grpo.broker;

/** The embedded Kafka broker did not come up; the message says where it tried to listen and why it failed. */
public final class BrokerStartupException extends RuntimeException {

    BrokerStartupException(EmbeddedKafkaBroker.Options options, Throwable cause) {
        super("Kafka broker could not start on " + options.host() + ":" + options.port()
                + " (controller port " + options.controllerPort() + ", data in " + options.dataDir() + "): "
                + rootMessage(cause), cause);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
