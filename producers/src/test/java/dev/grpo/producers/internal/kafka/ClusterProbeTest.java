package dev.grpo.producers.internal.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.producers.internal.admission.ClaimTopic;
import dev.grpo.schemas.KafkaClusterConfig;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterProbeTest {

    @Test
    void aClusterThatIsDownFailsAfterTheBoundedAttemptsWithAClearMessage() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ClusterProbe probe = new ClusterProbe(KafkaClusterConfig.of("localhost:" + port), 2, Duration.ofMillis(500));

        assertThatThrownBy(() -> probe.awaitWith(ClaimTopic.SPEC))
                .isInstanceOf(ClusterUnreachableException.class)
                .hasMessageContaining("no Kafka cluster answered at localhost:" + port + " after 2 attempts");
    }
}
