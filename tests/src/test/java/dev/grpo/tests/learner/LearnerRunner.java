package dev.grpo.tests.learner;

import dev.grpo.learner.GrpoLearner;
import dev.grpo.learner.LearnerConfig;
import dev.grpo.learner.StepMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a learner in this JVM until it reaches its {@code maxSteps}, and keeps its step metrics and meters. */
final class LearnerRunner {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<StepMetrics> steps = new CopyOnWriteArrayList<>();
    /** Names of the meters registered while the learner ran (its Kafka clients' ones go when it closes). */
    final Set<String> metersWhileRunning = ConcurrentHashMap.newKeySet();

    /** Runs the learner to completion, failing the test if it takes longer than a minute. */
    void runToCompletion(LearnerConfig config) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (GrpoLearner learner = new GrpoLearner(config, registry, step -> {
            steps.add(step);
            registry.forEachMeter(meter -> metersWhileRunning.add(meter.getId().getName()));
        })) {
            Future<?> run = thread.submit(learner::run);
            try {
                run.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                learner.close();
                run.get(30, TimeUnit.SECONDS);
                throw new AssertionError("the learner did not reach " + config.run().maxSteps() + " steps; it trained "
                        + steps.size(), e);
            }
        } finally {
            thread.shutdownNow();
        }
    }
}
