package dev.grpo.producers.internal.kafka;

import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.TopicInstaller;
import dev.grpo.schemas.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start-up that the cluster answers, with a bounded number of attempts, so a generator started against
 * a broker that is down fails once with a clear message instead of hanging or crash-looping; and creates the
 * generators' own topic when it is missing, or has an existing one stamp its records by the clock its spec names.
 */
public final class ClusterProbe {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterProbe.class);

    private final KafkaClusterConfig cluster;
    private final int attempts;
    private final Duration timeout;

    /**
     * @param cluster the cluster
     * @param attempts how many times to try, at least 1
     * @param timeout how long each attempt waits
     */
    public ClusterProbe(KafkaClusterConfig cluster, int attempts, Duration timeout) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        this.cluster = cluster;
        this.attempts = attempts;
        this.timeout = timeout;
    }

    /**
     * Waits for the cluster, then creates {@code topic} unless it exists; an existing topic whose records are stamped
     * by another clock than the spec's is switched to the spec's (its other settings are the operator's business).
     *
     * @param topic a topic the caller owns
     * @throws ClusterUnreachableException when no attempt got an answer
     * @throws InterruptedException when interrupted while waiting
     */
    public void awaitWith(TopicSpec topic) throws InterruptedException {
        int millis = (int) timeout.toMillis();
        try (Admin admin = Admin.create(cluster.client("grpo-generator", "probe", Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis)))) {
            awaitCluster(admin);
            create(admin, topic);
        }
    }

    private void awaitCluster(Admin admin) throws InterruptedException {
        Exception last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = e instanceof ExecutionException ? (Exception) e.getCause() : e;
                LOG.warn("Kafka at {} did not answer (attempt {} of {}): {}", cluster.bootstrapServers(), attempt, attempts,
                        last.toString());
            }
        }
        throw new ClusterUnreachableException(cluster.bootstrapServers(), attempts, last);
    }

    private void create(Admin admin, TopicSpec topic) throws InterruptedException {
        try {
            TopicInstaller.Result result = new TopicInstaller(admin, timeout).apply(List.of(topic));
            if (!result.created().isEmpty()) {
                LOG.info("created topic {}", topic.name());
            }
            for (TopicInstaller.Drift drift : result.drift()) {
                if (drift.setting().equals(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG)) {
                    restamp(admin, drift);
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new ClusterUnreachableException(cluster.bootstrapServers(), 1, e);
        } catch (KafkaException e) {
            throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e, e);
        }
    }

    /** A topic created before its spec named a clock (claims logs from before leases) gets the spec's clock. */
    private void restamp(Admin admin, TopicInstaller.Drift drift) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, drift.topic());
        AlterConfigOp set = new AlterConfigOp(new ConfigEntry(drift.setting(), drift.expected()),
                AlterConfigOp.OpType.SET);
        try {
            admin.incrementalAlterConfigs(Map.of(resource, List.of(set))).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.warn("topic {} had {}={}; set it to {} (records already in it keep the timestamps they have)",
                    drift.topic(), drift.setting(), drift.actual(), drift.expected());
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("topic {} keeps {}={} ({}): its records carry their writers' timestamps, so leases end by the "
                    + "writers' clocks; set it to {} to use the broker's", drift.topic(), drift.setting(),
                    drift.actual(), e instanceof ExecutionException ? e.getCause() : e, drift.expected());
        }
    }
}
