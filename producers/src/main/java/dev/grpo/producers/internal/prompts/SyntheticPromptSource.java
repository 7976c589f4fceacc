package dev.grpo.producers.internal.prompts;

import dev.grpo.policy.ArithmeticProblem;
import dev.grpo.policy.ArithmeticTask;
import dev.grpo.policy.Split;
import dev.grpo.records.Prompt;
import java.time.Instant;
import java.util.SplittableRandom;
import reactor.core.publisher.Flux;

/** An endless stream of problems of the built-in arithmetic task, drawn from its training side only. */
public final class SyntheticPromptSource implements PromptSource {

    private final ArithmeticTask task;
    private final long seed;

    /**
     * @param task the task
     * @param seed seeds the draw: the same seed gives the same prompts
     */
    public SyntheticPromptSource(ArithmeticTask task, long seed) {
        this.task = task;
        this.seed = seed;
    }

    @Override
    public Flux<Prompt> prompts() {
        return Flux.generate(() -> new SplittableRandom(seed), (random, sink) -> {
            sink.next(prompt(task.draw(random, Split.TRAIN)));
            return random;
        });
    }

    private static Prompt prompt(ArithmeticProblem problem) {
        return Prompt.newBuilder()
                .setPromptId(problem.id())
                .setText(problem.prompt())
                .setGroundTruth(problem.answer())
                .setLanguage("en")
                .setTask(ArithmeticTask.NAME)
                .setCreatedAt(Instant.now())
                .build();
    }
}
