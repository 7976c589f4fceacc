package dev.grpo.cli.topics;

import dev.grpo.cli.kafka.KafkaConnection;
import dev.grpo.schemas.TopicInstaller;
import dev.grpo.schemas.TopicInstaller.ObservedTopic;
import dev.grpo.schemas.TopicSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code grpo topics describe}: a table of the catalogue topics as the cluster holds them, drift flagged. */
@Command(
        name = "describe",
        sortOptions = false,
        headerHeading = "%n",
        header = "Show each catalogue topic as the cluster holds it and flag differences from the catalogue.",
        descriptionHeading = "%n",
        description = "Nothing is changed. Columns show the cluster's values; DRIFT names every setting that "
                + "differs from the catalogue (with --partitions, from the overridden partition count).")
final class DescribeTopicsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnection kafka;

    @Mixin
    private TopicSelection selection;

    @Override
    public Integer call() throws InterruptedException {
        List<TopicSpec> specs = kafka.cluster().topics(selection.specs());
        Duration timeout = selection.timeout();
        List<ObservedTopic> topics = kafka.withAdmin(timeout, admin -> new TopicInstaller(admin, timeout).inspect(specs));
        PrintWriter out = spec.commandLine().getOut();
        out.print(TopicTable.of(topics));
        long missing = topics.stream().filter(t -> !t.exists()).count();
        long drifted = topics.stream().filter(t -> !t.drift().isEmpty()).count();
        out.printf("%d topics: %d exist, %d missing, %d drifted from the catalogue.%n",
                topics.size(), topics.size() - missing, missing, drifted);
        out.flush();
        return 0;
    }
}
