package dev.grpo.tests.kafka;

import dev.grpo.broker.BrokerSecurity;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a secured embedded Kafka broker: {@code @ExtendWith(SecuredKafkaClusterExtension.class)}, then declare a
 * {@link SecuredKafkaCluster} parameter. One is started per test JVM, on first use, beside (never instead of) the
 * plaintext cluster of {@link KafkaClusterExtension}, and shut down when the JVM's tests are done.
 */
public final class SecuredKafkaClusterExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SecuredKafkaClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SecuredKafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SecuredKafkaCluster.class,
                k -> start(), SecuredKafkaCluster.class);
    }

    private static SecuredKafkaCluster start() {
        EmbeddedKafkaStarter.Started started = EmbeddedKafkaStarter.start(BrokerSecurity.saslSsl(Map.of()));
        return new SecuredKafkaCluster(started.cluster(), started.securedListener().orElseThrow());
    }
}
