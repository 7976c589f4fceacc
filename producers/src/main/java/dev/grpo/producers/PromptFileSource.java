package dev.grpo.producers;

import dev.grpo.producers.internal.prompts.PromptSource;
import dev.grpo.records.Prompt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * Prompts from a {@link PromptFile}, read one row per requested prompt. A malformed row is logged with where it is,
 * skipped and counted ({@value PromptSource#MALFORMED_METER}). With {@code repeat} the file is read again from the top each time
 * it ends, so an RL run can go on for many epochs. A pass over the file that yields no prompt at all fails, naming
 * the first row's problem: a mapping that fits no row (a misspelt field) would otherwise loop forever on nothing.
 */
final class PromptFileSource implements PromptSource {

    private static final Logger LOG = LoggerFactory.getLogger(PromptFileSource.class);

    private final PromptFile file;
    private final boolean repeat;
    private final Counter malformed;

    /**
     * @param file the prompt file
     * @param repeat whether to start over at the end
     * @param registry where the malformed-row counter is registered
     */
    PromptFileSource(PromptFile file, boolean repeat, MeterRegistry registry) {
        this.file = file;
        this.repeat = repeat;
        this.malformed = Counter.builder(MALFORMED_METER).tag("file", file.path().getFileName().toString())
                .description("prompt rows skipped because they could not be read").register(registry);
    }

    @Override
    public Flux<Prompt> prompts() {
        Flux<Prompt> pass = Flux.using(file::open, reader -> Flux.generate(Pass::new,
                (Pass state, SynchronousSink<Prompt> sink) -> next(reader, state, sink)), PromptReader::close);
        return repeat ? pass.repeat() : pass;
    }

    private Pass next(PromptReader reader, Pass pass, SynchronousSink<Prompt> sink) {
        while (true) {
            try {
                Prompt prompt = reader.next();
                if (prompt == null) {
                    pass.end(file, sink);
                } else {
                    pass.read++;
                    sink.next(prompt);
                }
                return pass;
            } catch (MalformedPromptException e) {
                malformed.increment();
                pass.skipped(e);
                LOG.warn("{} (skipped)", e.getMessage());
            }
        }
    }

    /** @return how many malformed rows were skipped so far */
    public long malformedRows() {
        return (long) malformed.count();
    }

    /** What one pass over the file has read so far. */
    private static final class Pass {
        private long read;
        private long skipped;
        private String firstProblem;

        void skipped(MalformedPromptException e) {
            skipped++;
            if (firstProblem == null) {
                firstProblem = e.getMessage();
            }
        }

        void end(PromptFile file, SynchronousSink<Prompt> sink) {
            if (read > 0) {
                sink.complete();
            } else if (skipped == 0) {
                sink.error(new IllegalArgumentException("prompt file " + file.path() + " holds no prompts"));
            } else {
                sink.error(new IllegalArgumentException("no row of " + file.path() + " is a prompt: " + skipped
                        + " skipped, the first " + firstProblem));
            }
        }
    }
}
