package dev.grpo.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;

/**
 * The probe for the embedded broker's jars names a real class of grpo-broker, so that it finds them where they are;
 * the release archive's test (DistributionArchiveIT) runs the commands where they are not.
 */
class EmbeddedBrokerJarsTest {

    @Test
    void namesTheEmbeddedBrokersClass() {
        assertThat(EmbeddedBrokerJars.BROKER_CLASS).isEqualTo(EmbeddedKafkaBroker.class.getName());
    }

    @Test
    void findsTheBrokerOnTheClassPath() {
        assertThat(EmbeddedBrokerJars.present()).isTrue();
    }
}
