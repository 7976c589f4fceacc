package dev.grpo.tests.learner;

import dev.grpo.learner.GrpoLearner;
import dev.grpo.learner.LearnerConfig;
import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.learner.loss.LossAggregation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A learner in a JVM of its own, so a test can kill it without a clean close:
 * {@code LearnerProcess BOOTSTRAP ADVANTAGES STALE VERSIONS DLQ INITIAL CHECKPOINTS LEARNER_ID MAX_STEPS}.
 * Prints {@code STEP <version>} after every step and exits once it has reached MAX_STEPS.
 */
public final class LearnerProcess {

    /** The prefix of the line printed after every step. */
    static final String STEP = "STEP ";

    private LearnerProcess() {
    }

    public static void main(String[] args) {
        LearnerConfig config = new LearnerConfig(args[7], args[0], Path.of(args[5]), Path.of(args[6]),
                new LearnerTopics(args[1], args[2], args[3], args[4]), 2, 1, 1000, 0.2, 0.2, 0.001,
                LossAggregation.TOKEN_MEAN, 0, 0, 1e-3f, 2, 0f, 1f, 3, 2, 0, Long.parseLong(args[8]), 0, "cpu", 5,
                Duration.ofMillis(100));
        try (GrpoLearner learner = new GrpoLearner(config, new SimpleMeterRegistry(), step -> {
            System.out.println(STEP + step.version());
            System.out.flush();
        })) {
            learner.run();
        }
        System.exit(0);
    }
}
