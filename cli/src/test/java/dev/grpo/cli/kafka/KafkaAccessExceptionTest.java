package dev.grpo.cli.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaAccessExceptionTest {

    private static final Map<String, Object> SCORER = Map.of(
            "bootstrap.servers", "kafka:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"scorer\" password=\"pw\";");

    @Test
    void a_group_refusal_names_the_principal_and_the_group_even_when_wrapped() {
        Exception failure = new ExecutionException(GroupAuthorizationException.forGroupId("grpo-x-reward"));

        assertThat(KafkaAccessException.of("read grpo.rollouts", SCORER, failure)).get()
                .extracting(Throwable::getMessage).isEqualTo("cannot read grpo.rollouts on kafka:9093: principal "
                        + "User:scorer is not authorized for group grpo-x-reward (GROUP_AUTHORIZATION_FAILED)");
    }

    @Test
    void a_transactional_id_refusal_names_its_error_code() {
        assertThat(KafkaAccessException.of("start a transaction", SCORER, new TransactionalIdAuthorizationException("no")))
                .get().extracting(Throwable::getMessage).isEqualTo("cannot start a transaction on kafka:9093: principal "
                        + "User:scorer is not authorized (TRANSACTIONAL_ID_AUTHORIZATION_FAILED)");
    }

    @Test
    void a_tls_failure_says_which_setting_to_check_and_why_the_handshake_failed() {
        Exception failure = new SslAuthenticationException("SSL handshake failed",
                new SSLHandshakeException("PKIX path building failed"));

        assertThat(KafkaAccessException.of("write grpo.rewards.x", SCORER, failure)).get()
                .extracting(Throwable::getMessage).isEqualTo("cannot write grpo.rewards.x on kafka:9093: TLS handshake "
                        + "failed, is ssl.truststore.location the cluster's trust store? (SslAuthenticationException: "
                        + "PKIX path building failed)");
    }

    @Test
    void a_timeout_of_a_secured_client_and_other_failures_are_no_access_failures() {
        assertThat(KafkaAccessException.of("write t", SCORER, new TimeoutException("slow"))).isEmpty();
        assertThat(KafkaAccessException.of("write t", SCORER, new RecordTooLargeException("big"))).isEmpty();
    }
}
