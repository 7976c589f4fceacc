package dev.grpo.cli.prompts;

import dev.grpo.cli.kafka.KafkaConnection;
import dev.grpo.producers.MalformedPromptException;
import dev.grpo.producers.PromptFile;
import dev.grpo.producers.PromptReader;
import dev.grpo.records.Prompt;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.TopicCatalogue;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code grpo prompts load FILE}: every prompt of a prompt file to the prompts topic, in file order, keyed by prompt
 * id. Rows that are not prompts are skipped and counted by reason, as the generator does with a file; a load in
 * which no row is a prompt fails.
 */
@Command(
        name = "load",
        sortOptions = false,
        headerHeading = "%n",
        header = "Send every prompt of a prompt file to the prompts topic.",
        descriptionHeading = "%n",
        description = {"Rows that are not prompts (a missing field, no final answer in the answer format) are "
                + "reported, skipped and counted; the last line sums up what was loaded and skipped. Loading a file "
                + "twice sends its prompts twice."})
final class LoadPromptsCommand implements Callable<Integer> {

    /** How many rows pass between two progress lines. */
    static final long PROGRESS_EVERY = 10_000;
    private static final int SKIPS_SHOWN = 10;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .jsonl, .json, .jsonl.gz, .json.gz or .parquet file.")
    private Path file;

    @Mixin
    private KafkaConnection kafka;

    @Mixin
    private PromptFieldOptions promptFields;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "The topic to load into, named without "
            + "--topic-prefix (which is put before it; default: ${DEFAULT-VALUE}).")
    private String topic = TopicCatalogue.PROMPTS.name();

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long to wait for the cluster (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        PromptFile prompts = promptFile();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        LoadTally tally = new LoadTally();
        KafkaClusterConfig cluster = kafka.cluster();
        String target = cluster.topic(topic);
        try (PromptReader reader = prompts.open()) {
            requireTopic(target, timeout);
            try (PromptPublisher publisher = new PromptPublisher(cluster, target, timeout)) {
                load(reader, publisher, tally);
                publisher.flush();
            }
        }
        if (tally.loadedCount() == 0) {
            throw new IllegalStateException("no row of " + file + " is a prompt: " + tally.skippedSummary());
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "loaded %,d prompts from %s into %s; %s%n",
                tally.loadedCount(), file, target, tally.skippedSummary());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private PromptFile promptFile() {
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be >= 1, got " + timeoutSeconds);
        }
        try {
            return promptFields.file(file, false);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private void requireTopic(String topic, Duration timeout) throws InterruptedException {
        kafka.withAdmin(timeout, admin -> {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TimeoutException noAnswer) {
                    throw noAnswer; // withAdmin says the cluster is unreachable
                }
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new IllegalStateException("topic " + topic + " does not exist on " + kafka.bootstrapServers()
                            + " ('grpo topics create' creates the pipeline's topics)");
                }
                throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause().getMessage(),
                        e.getCause());
            }
        });
    }

    private void load(PromptReader reader, PromptPublisher publisher, LoadTally tally) {
        PrintWriter err = spec.commandLine().getErr();
        long nextProgress = PROGRESS_EVERY;
        for (boolean more = true; more; ) {
            try {
                Prompt prompt = reader.next();
                more = prompt != null;
                if (more) {
                    publisher.send(prompt);
                    tally.loaded();
                }
            } catch (MalformedPromptException e) {
                tally.skipped(e);
                report(err, tally, e);
            }
            if (tally.rows() >= nextProgress) {
                nextProgress += PROGRESS_EVERY;
                err.printf(Locale.ROOT, "%,d rows read: %,d prompts sent, %,d skipped%n", tally.rows(),
                        tally.loadedCount(), tally.skippedCount());
                err.flush();
            }
        }
    }

    private static void report(PrintWriter err, LoadTally tally, MalformedPromptException e) {
        if (tally.skippedCount() <= SKIPS_SHOWN) {
            err.println(e.getMessage() + " (skipped)");
        } else if (tally.skippedCount() == SKIPS_SHOWN + 1) {
            err.println("further skipped rows are counted, not shown");
        }
        err.flush();
    }
}
