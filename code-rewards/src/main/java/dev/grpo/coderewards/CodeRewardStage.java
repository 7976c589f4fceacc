package dev.grpo.coderewards;

import dev.grpo.coderewards.CodeScoring.DeadLettered;
import dev.grpo.coderewards.CodeScoring.Outcome;
import dev.grpo.coderewards.CodeScoring.SandboxFailed;
import dev.grpo.coderewards.CodeScoring.Scored;
import dev.grpo.coderewards.internal.stage.InFlightOffsets.Committable;
import dev.grpo.coderewards.internal.stage.InFlightOffsets.Slot;
import dev.grpo.coderewards.internal.stage.InFlightOffsets;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.streams.StreamAppConfig;
import dev.grpo.streams.spi.RequiredTopics;
import dev.grpo.streams.spi.SinkLimit;
import dev.grpo.streams.spi.StreamTopics;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code grpo code-reward}: an exactly-once consume-transform-produce stage that reads {@code grpo.rollouts} in a
 * consumer group of its own, runs the program of every rollout with a verification spec on a fixed pool of workers,
 * and publishes its {@code RewardScore} to {@code grpo.rewards.code} in one Kafka transaction together with the
 * consumed offsets. Rollouts without a spec are skipped (their offsets still commit); records that cannot be scored go
 * to the dead-letter topic in the same transaction. A transaction commits a partition only up to the last rollout of
 * an unbroken run of finished ones ({@link InFlightOffsets}), so a crash at any point re-scores exactly what was not
 * committed. While the polled work is at capacity the consumer pauses its partitions and keeps polling, so it stays in
 * the group. A sandbox failure (retried first) stops the stage without committing that rollout.
 *
 * <p>{@link #run()} blocks until {@link #close()} (from another thread, e.g. a shutdown hook) or a failure.
 */
public final class CodeRewardStage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CodeRewardStage.class);

    private final CodeRewardConfig settings;
    private final CodeScoring scoring;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<ScoringTally> tally = new AtomicReference<>(ScoringTally.empty());
    private final InFlightOffsets<Outcome> inFlight = new InFlightOffsets<>();
    private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    private String sandboxFailure;

    /** The stage running programs with {@code verifier}. */
    public CodeRewardStage(CodeRewardConfig settings, CodeVerifier verifier) {
        this.settings = settings;
        Map<String, Object> producer = producerConfig(settings);
        StreamTopics topics = settings.topics();
        this.scoring = new CodeScoring(verifier, settings.partial(), settings.sandboxRetries(),
                SinkLimit.of(producer, topics.spec(scoreTopic(topics))), settings.groupId(),
                SinkLimit.of(producer, topics.spec(topics.deadLetters())));
    }

    /**
     * The stage running programs in bubblewrap sandboxes.
     *
     * @throws dev.grpo.coderewards.internal.sandbox.SandboxUnavailableException when bubblewrap is not installed: code is
     *     never run unsandboxed
     */
    public static CodeRewardStage sandboxed(CodeRewardConfig settings) {
        return new CodeRewardStage(settings, CodeVerifier.installed());
    }

    /** The topic the scores go to: {@code grpo.rewards.code} behind the topics' prefix. */
    public static String scoreTopic(StreamTopics topics) {
        return topics.rewards(CodeReward.NAME);
    }

    /** The {@code reward_version} of the scores. */
    public String rewardVersion() {
        return scoring.version();
    }

    /** What has been committed so far; safe to call from any thread. */
    public ScoringTally tally() {
        return tally.get();
    }

    /**
     * Consumes, scores and publishes until {@link #close()}; then finishes the programs still running (up to the
     * drain timeout), commits what is done and closes the clients.
     *
     * @throws IllegalStateException when the sandbox keeps failing (nothing of that rollout is committed, so a
     *     restart scores it again), when another instance with the same id fenced this one, or when Kafka refuses a
     *     transaction (it is aborted; a restart resumes from the last committed one)
     */
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the code-reward stage " + settings.memberId() + " runs once");
        }
        try {
            consume();
        } finally {
            stopped.countDown();
        }
        if (sandboxFailure != null) {
            throw new IllegalStateException(sandboxFailure + "; stopped without scoring it (never a 0 for a broken "
                    + "sandbox): fix the sandbox and restart, the rollout is scored again");
        }
    }

    /**
     * Stops {@link #run()} gracefully and waits until it has committed what was done and closed its clients; a stage
     * that never ran just stays stopped.
     */
    @Override
    public void close() {
        running.set(false);
        if (!started.get()) {
            return;
        }
        try {
            stopped.await(settings.drainTimeout().plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void consume() {
        StreamTopics topics = settings.topics();
        RequiredTopics.ensure(settings.cluster(), List.of(topics.spec(topics.rollouts()),
                topics.spec(scoreTopic(topics)), topics.spec(topics.deadLetters())));
        ExecutorService workers = Executors.newFixedThreadPool(settings.workers(), new WorkerThreads());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(settings));
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(settings))) {
            producer.initTransactions();
            Transactions transactions = new Transactions(consumer, producer);
            consumer.subscribe(List.of(topics.rollouts()), transactions);
            LOG.info("{} scoring {} with {} workers, version {}", settings.memberId(), topics.rollouts(),
                    settings.workers(), scoring.version());
            while (running.get() && sandboxFailure == null) {
                submit(consumer.poll(settings.pollTimeout()), workers);
                collect();
                transactions.commit();
                backPressure(consumer);
            }
            drain(transactions);
        } finally {
            workers.shutdownNow();
        }
    }

    private void submit(ConsumerRecords<byte[], byte[]> records, ExecutorService workers) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Slot<Outcome> slot = inFlight.track(new TopicPartition(record.topic(), record.partition()), record.offset());
            workers.execute(() -> finished.add(new Finished(slot, outcome(record))));
        }
    }

    private Outcome outcome(ConsumerRecord<byte[], byte[]> record) {
        try {
            return scoring.score(record);
        } catch (RuntimeException unexpected) {
            // Not the program's fault either: stop rather than publish anything for it.
            return new SandboxFailed("scoring " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " failed: " + unexpected);
        }
    }

    /** Hands the workers' results to the ledger; a sandbox failure is kept out of it, so it never commits. */
    private void collect() {
        for (Finished done = finished.poll(); done != null; done = finished.poll()) {
            take(done);
        }
    }

    private void take(Finished done) {
        if (done.outcome() instanceof SandboxFailed failed) {
            if (sandboxFailure == null) {
                sandboxFailure = failed.reason();
            }
        } else {
            inFlight.finish(done.slot(), done.outcome());
        }
    }

    private void backPressure(KafkaConsumer<byte[], byte[]> consumer) {
        if (inFlight.size() >= settings.capacity()) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty() && inFlight.size() <= settings.capacity() / 2) {
            consumer.resume(consumer.paused());
        }
    }

    /** Waits for the programs still running, up to the drain timeout, and commits what finished. */
    private void drain(Transactions transactions) {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (sandboxFailure == null && inFlight.unfinished() > 0 && System.nanoTime() < deadline) {
            try {
                Finished done = finished.poll(50, TimeUnit.MILLISECONDS);
                if (done != null) {
                    take(done);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        collect();
        transactions.commit();
    }

    private static Map<String, Object> consumerConfig(CodeRewardConfig settings) {
        KafkaClusterConfig cluster = settings.cluster();
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, cluster.group(settings.groupId()));
        config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, cluster.group(settings.memberId()));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.capacity());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.putAll(settings.overrides());
        return cluster.client(settings.groupId(), settings.instanceId(), config);
    }

    private static Map<String, Object> producerConfig(CodeRewardConfig settings) {
        KafkaClusterConfig cluster = settings.cluster();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, cluster.group(settings.memberId()));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Dead letters carry the original rollout, which may be as large as grpo.rollouts takes.
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, StreamAppConfig.MAX_REQUEST_BYTES);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.putAll(settings.overrides());
        return cluster.client(settings.groupId(), settings.instanceId() + "-scores", config);
    }

    /**
     * The stage's transactions, and what a rebalance does to them: before partitions are revoked, what is finished
     * commits (the consumer is still in the generation that owns them); then their unfinished work is abandoned, for
     * the next owner to redo from the committed offset. Lost partitions (the member was dropped) cannot commit: their
     * work is abandoned.
     */
    private final class Transactions implements ConsumerRebalanceListener {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final KafkaProducer<byte[], byte[]> producer;

        Transactions(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer) {
            this.consumer = consumer;
            this.producer = producer;
        }

        /** Publishes what may be committed and commits its offsets, in one transaction. */
        void commit() {
            Committable<Outcome> committable = inFlight.drainCommittable();
            if (committable.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            committable.nextOffsets().forEach((partition, next) -> offsets.put(partition, new OffsetAndMetadata(next)));
            try {
                producer.beginTransaction();
                for (Outcome outcome : committable.results()) {
                    if (outcome instanceof Scored scored) {
                        producer.send(scored.score());
                    } else if (outcome instanceof DeadLettered letter) {
                        producer.send(letter.letter());
                    }
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
            } catch (ProducerFencedException | InvalidProducerEpochException fenced) {
                throw new IllegalStateException("another instance with transactional id " + settings.memberId()
                        + " took over (each running instance needs its own --instance-id): " + fenced.getMessage(),
                        fenced);
            } catch (KafkaException refused) {
                abort();
                throw new IllegalStateException("transaction of " + committable.results().size()
                        + " results refused, aborted (a restart resumes from the last commit): "
                        + refused.getMessage(), refused);
            }
            ScoringTally total = tally.get();
            for (Outcome outcome : committable.results()) {
                total = total.plus(outcome);
            }
            tally.set(total);
        }

        private void abort() {
            try {
                producer.abortTransaction();
            } catch (KafkaException alsoFailed) {
                LOG.warn("could not abort the refused transaction: {}", alsoFailed.getMessage());
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            collect();
            commit();
            int unfinished = inFlight.unfinished();
            inFlight.forget(partitions);
            LOG.info("{}: partitions {} revoked; finished work committed, {} unfinished rollouts abandoned to their "
                    + "next owner", settings.memberId(), partitions, unfinished - inFlight.unfinished());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warn("{}: partitions {} lost (dropped from the group); their uncommitted work is abandoned",
                    settings.memberId(), partitions);
            inFlight.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Positions come from the committed offsets; nothing of these partitions is in flight.
            LOG.info("{}: partitions {} assigned", settings.memberId(), partitions);
        }
    }

    /** A worker's result for one slot. */
    private record Finished(Slot<Outcome> slot, Outcome outcome) {
    }

    /** Daemon worker threads named after the stage, so a thread dump shows whose programs they run. */
    private static final class WorkerThreads implements java.util.concurrent.ThreadFactory {

        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable work) {
            Thread thread = new Thread(work, "code-reward-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
