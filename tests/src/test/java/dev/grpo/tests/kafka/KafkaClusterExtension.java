package dev.grpo.tests.kafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;

/**
 * Gives tests a real Kafka cluster: {@code @ExtendWith(KafkaClusterExtension.class)}, then declare a
 * {@link KafkaCluster} parameter (constructor, lifecycle or test method). One cluster is started per
 * test JVM, on first use, and shut down when the JVM's tests are done. The backend is an embedded
 * KRaft broker, or a Testcontainers container with {@code -Dkafka.test.backend=testcontainers}
 * (tests are skipped where Docker is absent).
 */
public final class KafkaClusterExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaClusterExtension.class);
    private static final String DOCKER_AVAILABLE = "docker-available";

    /** Skips the tests, with the reason, when the selected backend cannot run here. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (KafkaBackend.selected() != KafkaBackend.TESTCONTAINERS) {
            return ConditionEvaluationResult.enabled("the embedded broker runs everywhere");
        }
        boolean docker = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(DOCKER_AVAILABLE, k -> DockerClientFactory.instance().isDockerAvailable(), Boolean.class);
        return docker
                ? ConditionEvaluationResult.enabled("Docker is available")
                : ConditionEvaluationResult.disabled("-D" + KafkaBackend.PROPERTY + "=testcontainers needs a Docker engine, and none is available");
    }

    /** Starts the cluster before the class's tests (and its {@code @BeforeAll} methods) run. */
    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context);
    }

    private static KafkaCluster cluster(ExtensionContext context) {
        KafkaBackend backend = KafkaBackend.selected();
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(backend, KafkaClusterExtension::start, KafkaCluster.class);
    }

    private static KafkaCluster start(KafkaBackend backend) {
        return switch (backend) {
            case EMBEDDED -> EmbeddedKafkaStarter.start();
            case TESTCONTAINERS -> KafkaContainerStarter.start();
        };
    }
}
