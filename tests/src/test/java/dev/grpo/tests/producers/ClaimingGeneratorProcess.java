package dev.grpo.tests.producers;

import dev.grpo.producers.internal.admission.Admission;
import dev.grpo.producers.internal.admission.AdmissionGate;
import dev.grpo.producers.internal.admission.AdmissionRule;
import dev.grpo.producers.internal.admission.ClaimLedger;
import dev.grpo.producers.internal.admission.ClaimLog;
import dev.grpo.producers.internal.admission.ClaimTopic;
import dev.grpo.producers.internal.kafka.ClusterProbe;
import dev.grpo.schemas.KafkaClusterConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A generator's admission stage in a JVM of its own, so a test can kill it between a granted claim and publishing:
 * {@code ClaimingGeneratorProcess BOOTSTRAP CLAIMS_TOPIC GENERATOR_ID GROUPS_PER_STEP MAX_STALENESS LEASE_MS}.
 * Claims one slot for version 0 exactly as a generator does, prints {@code GRANTED <slot>}, then hangs as a sampling
 * that never ends would.
 */
public final class ClaimingGeneratorProcess {

    /** The prefix of the line printed once the claim is granted. */
    static final String GRANTED = "GRANTED ";

    private ClaimingGeneratorProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        String servers = args[0];
        String topic = args[1];
        String generatorId = args[2];
        AdmissionRule rule = new AdmissionRule(Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        Duration lease = Duration.ofMillis(Long.parseLong(args[5]));
        new ClusterProbe(KafkaClusterConfig.of(servers), 5, Duration.ofSeconds(5)).awaitWith(ClaimTopic.named(topic));
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer());
        ClaimLedger ledger = new ClaimLedger(KafkaClusterConfig.of(servers), topic, rule, generatorId);
        AdmissionGate gate = new AdmissionGate(new ClaimLog(producer, topic, generatorId, lease), ledger, () -> 0L,
                Clock.systemUTC(), pause -> { });
        Admission admission = gate.admit(() -> false).orElseThrow();
        System.out.println(GRANTED + admission.slot());
        System.out.flush();
        Thread.currentThread().join();
    }
}
