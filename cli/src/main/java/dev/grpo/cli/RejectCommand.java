package dev.grpo.cli;

import dev.grpo.cli.kafka.KafkaConnection;
import dev.grpo.streams.RejectionCriteria;
import dev.grpo.streams.RejectionSamplingApp;
import dev.grpo.streams.StreamAppConfig;
import dev.grpo.streams.StreamsApp;
import dev.grpo.streams.spi.StreamTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code grpo reject}: runs the rejection-sampling filter (an exactly-once Kafka Streams app) until Ctrl-C, turning
 * the correct, well-formatted, language-consistent completions on {@code grpo.advantages} into SFT examples.
 */
@Command(name = "reject",
        sortOptions = false,
        description = {"Run the rejection-sampling filter until Ctrl-C: grpo.advantages -> keep completions with "
                + "accuracy 1, format 1 and language consistency >= --min-lc, at most --per-prompt per prompt "
                + "-> grpo.sft (keyed by prompt id), for 'grpo sft'. Starts from the earliest retained advantage "
                + "sample, so it filters the history too; undecodable records go to grpo.dlq."})
public final class RejectCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnection kafka;

    @Option(names = "--min-lc", paramLabel = "X", defaultValue = "0.95",
            description = "Least language consistency kept, in [0, 1] (default: ${DEFAULT-VALUE}).")
    private double minLanguageConsistency;

    @Option(names = "--per-prompt", paramLabel = "K", defaultValue = "4",
            description = "Most examples kept per prompt (default: ${DEFAULT-VALUE}).")
    private int perPrompt;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = RejectionSamplingApp.APPLICATION_ID,
            description = "Kafka Streams application id; another id filters the history again from the start "
                    + "(default: ${DEFAULT-VALUE}).")
    private String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}/grpo-streams",
            description = "Where the app keeps its per-prompt counts (default: ${DEFAULT-VALUE}).")
    private Path stateDir;

    @Override
    public Integer call() throws InterruptedException {
        RejectionCriteria criteria;
        try {
            criteria = new RejectionCriteria(minLanguageConsistency, perPrompt);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        StreamAppConfig settings = new StreamAppConfig(kafka.cluster(), applicationId,
                stateDir.resolve(applicationId), 1, Duration.ofMillis(100), Map.of());
        StreamsApp filter = new RejectionSamplingApp(settings, criteria,
                new StreamTopics(kafka.cluster().topicPrefix())).create();
        return new RunningStreamApps(List.of(filter)).runUntilStopped("grpo-reject-shutdown", () -> {
            spec.commandLine().getErr().println("rejection sampling (" + criteria.description() + ") running against "
                    + kafka.bootstrapServers() + "; Ctrl-C stops");
            spec.commandLine().getErr().flush();
        });
    }
}
