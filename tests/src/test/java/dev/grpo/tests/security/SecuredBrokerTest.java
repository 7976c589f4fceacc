package dev.grpo.tests.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.kafka.KafkaAccessException;
import dev.grpo.cli.acls.PipelineAcls;
import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.SecuredKafkaCluster;
import dev.grpo.tests.kafka.SecuredKafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A broker with a SASL_SSL listener and ACLs refuses, with one line naming the cluster and the cause, a principal
 * writing a topic its stage's ACLs do not grant, a wrong password and a plaintext client, and what it refused never
 * reaches the topics.
 */
@ExtendWith(SecuredKafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredBrokerTest {

    private static final Map<String, String> USERS = Map.of("generator", "generator-secret", "learner",
            "learner-secret", "scorer-x", "x-secret");

    private final SecuredKafkaCluster cluster;
    private final String namespace;
    private final String rollouts;
    private final String rewardsX;
    private final String rewardsY;

    SecuredBrokerTest(SecuredKafkaCluster cluster) {
        this.cluster = cluster;
        this.namespace = cluster.asAdmin().uniqueName("team") + ".";
        this.rollouts = namespace + TopicCatalogue.ROLLOUTS.name();
        this.rewardsX = namespace + TopicCatalogue.rewards("x").name();
        this.rewardsY = namespace + TopicCatalogue.rewards("y").name();
    }

    @BeforeAll
    void createTopicsUsersAndAcls() throws Exception {
        cluster.asAdmin().admin().createTopics(Stream.of(rollouts, rewardsX, rewardsY)
                .map(name -> new NewTopic(name, 2, (short) 1)).toList()).all()
                .get(KafkaCluster.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        cluster.createUsers(USERS);
        PipelineAcls acls = new PipelineAcls(namespace, "learner");
        List<AclBinding> granted = new ArrayList<>(acls.generator("User:generator"));
        granted.addAll(acls.learner("User:learner"));
        granted.addAll(acls.rewardConsumer("x", "User:scorer-x"));
        cluster.createAcls(granted);
    }

    @Test
    void the_principal_of_reward_component_x_writes_grpo_rewards_x() {
        assertThat(write("scorer-x", rewardsX)).isEmpty();
    }

    @Test
    void the_principal_of_x_is_refused_writing_another_components_reward_topic() {
        assertThat(write("scorer-x", rewardsY)).hasValue(notAuthorized("scorer-x", rewardsY));
    }

    @Test
    void the_principal_of_x_is_refused_writing_rollouts() {
        assertThat(write("scorer-x", rollouts)).hasValue(notAuthorized("scorer-x", rollouts));
    }

    @Test
    void the_learner_is_refused_writing_rollouts() {
        assertThat(write("learner", rollouts)).hasValue(notAuthorized("learner", rollouts));
    }

    @Test
    void a_wrong_password_is_refused_at_login() {
        Map<String, Object> config = producerConfig(cluster.clientConfig("scorer-x", "not-the-password"));

        assertThat(write(config, rewardsX)).hasValue("cannot write " + rewardsX + " on " + servers()
                + ": login as User:scorer-x failed, wrong user name or password (SASL_AUTHENTICATION_FAILED)");
    }

    @Test
    void a_plaintext_client_gets_no_answer_from_the_sasl_ssl_listener() {
        Map<String, Object> config = producerConfig(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers()));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);

        assertThat(write(config, rewardsX)).hasValue("cannot write " + rewardsX + " on " + servers()
                + ": no answer to a PLAINTEXT client; a SASL_SSL listener needs security.protocol, sasl.* and "
                + "ssl.truststore.* in --kafka-config (REQUEST_TIMED_OUT)");
    }

    @Test
    void a_client_that_does_not_trust_the_brokers_certificate_fails_the_tls_handshake() {
        Map<String, Object> config = producerConfig(cluster.clientConfig("scorer-x", USERS.get("scorer-x")));
        config.keySet().removeIf(key -> key.startsWith("ssl.truststore."));

        assertThat(write(config, rewardsX)).get().asString().startsWith("cannot write " + rewardsX + " on " + servers()
                + ": TLS handshake failed, is ssl.truststore.location the cluster's trust store? "
                + "(SslAuthenticationException: ");
    }

    @Test
    void refused_writes_leave_the_topics_as_the_authorized_principals_wrote_them() {
        String group = "data-check";
        assertThat(write("generator", rollouts, group)).isEmpty();
        assertThat(write("scorer-x", rewardsX, group)).isEmpty();

        assertThat(write("scorer-x", rollouts, group)).isPresent();
        assertThat(write("learner", rollouts, group)).isPresent();
        assertThat(write("scorer-x", rewardsY, group)).isPresent();
        assertThat(write(producerConfig(cluster.clientConfig("generator", "wrong")), rollouts, group)).isPresent();

        assertThat(valuesWithKey(rollouts, group)).containsExactly("written by generator");
        assertThat(valuesWithKey(rewardsX, group)).containsExactly("written by scorer-x");
        assertThat(valuesWithKey(rewardsY, group)).isEmpty();
    }

    private String notAuthorized(String user, String topic) {
        return "cannot write " + topic + " on " + servers() + ": principal User:" + user
                + " is not authorized for topic " + topic + " (TOPIC_AUTHORIZATION_FAILED)";
    }

    private String servers() {
        return cluster.listener().bootstrapServers();
    }

    private Optional<String> write(String user, String topic) {
        return write(user, topic, "key");
    }

    private Optional<String> write(String user, String topic, String key) {
        return write(producerConfig(cluster.clientConfig(user, USERS.get(user))), topic, key);
    }

    private Optional<String> write(Map<String, Object> config, String topic) {
        return write(config, topic, "key");
    }

    /** Writes one record as the configured principal; the refusal as one line, or empty when it was written. */
    private static Optional<String> write(Map<String, Object> config, String topic, String key) {
        String user = String.valueOf(config.get("sasl.jaas.config")).replaceAll(".*username=\"([^\"]*)\".*", "$1");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, "written by " + user)).get(KafkaCluster.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            return Optional.empty();
        } catch (ExecutionException | KafkaException e) {
            return Optional.of(KafkaAccessException.of("write " + topic, config, e)
                    .orElseThrow(() -> new AssertionError("not an access failure: " + e, e)).getMessage());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the write neither succeeded nor failed: " + e, e);
        }
    }

    private static Map<String, Object> producerConfig(Map<String, Object> login) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KafkaCluster.PATIENCE.toMillis());
        return config;
    }

    private List<String> valuesWithKey(String topic, String key) {
        return cluster.asAdmin().readToEnd(topic).stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(key))
                .map(ConsumerRecord::value).map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }
}
