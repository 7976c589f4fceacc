package dev.grpo.producers.prompts;

import dev.grpo.records.Prompt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * Prompts from a JSONL file, read one line per requested prompt. A malformed line is logged with its line number,
 * skipped and counted ({@value #MALFORMED_METER}); blank lines are ignored. With {@code repeat} the file is read
 * again from the top each time it ends, so an RL run can go on for many epochs.
 */
public final class JsonlPromptSource implements PromptSource {

    /** The counter of skipped lines. */
    public static final String MALFORMED_METER = "grpo.generator.prompts.malformed";

    private static final Logger LOG = LoggerFactory.getLogger(JsonlPromptSource.class);

    private final Path file;
    private final boolean repeat;
    private final Counter malformed;

    /**
     * @param file the JSONL file
     * @param repeat whether to start over at the end
     * @param registry where the malformed-line counter is registered
     */
    public JsonlPromptSource(Path file, boolean repeat, MeterRegistry registry) {
        this.file = file;
        this.repeat = repeat;
        this.malformed = Counter.builder(MALFORMED_METER).tag("file", file.getFileName().toString())
                .description("prompt lines skipped because they could not be read").register(registry);
    }

    @Override
    public Flux<Prompt> prompts() {
        Flux<Prompt> pass = Flux.using(this::open, reader -> Flux.generate(() -> new AtomicLong(),
                (AtomicLong lineNumber, SynchronousSink<Prompt> sink) -> next(reader, lineNumber, sink)),
                this::closeQuietly);
        return repeat ? pass.repeat() : pass;
    }

    private BufferedReader open() throws IOException {
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    private AtomicLong next(BufferedReader reader, AtomicLong lineNumber, SynchronousSink<Prompt> sink) {
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                long number = lineNumber.incrementAndGet();
                if (line.isBlank()) {
                    continue;
                }
                try {
                    sink.next(PromptLine.parse(number, line));
                    return lineNumber;
                } catch (MalformedPromptException e) {
                    malformed.increment();
                    LOG.warn("{}: {} (skipped)", file, e.getMessage());
                }
            }
            sink.complete();
        } catch (IOException e) {
            sink.error(new UncheckedIOException("cannot read prompt file " + file, e));
        }
        return lineNumber;
    }

    private void closeQuietly(BufferedReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed", file, e);
        }
    }

    /** @return how many malformed lines were skipped so far */
    public long malformedLines() {
        return (long) malformed.count();
    }
}
