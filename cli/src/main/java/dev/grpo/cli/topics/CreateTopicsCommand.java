package dev.grpo.cli.topics;

import dev.grpo.cli.kafka.KafkaConnection;
import dev.grpo.schemas.TopicInstaller;
import dev.grpo.schemas.TopicSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code grpo topics create}: creates the catalogue topics that are missing and reports the rest. */
@Command(
        name = "create",
        sortOptions = false,
        headerHeading = "%n",
        header = "Create the catalogue's topics that do not exist yet (safe to run again).",
        descriptionHeading = "%n",
        description = "Existing topics are left as they are; where they differ from the catalogue "
                + "(partitions, cleanup policy, retention, maximum message size) the difference is reported.")
final class CreateTopicsCommand implements Callable<Integer> {

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
        TopicInstaller.Result result = kafka.withAdmin(timeout, admin -> new TopicInstaller(admin, timeout).apply(specs));
        print(result, spec.commandLine().getOut());
        return 0;
    }

    private static void print(TopicInstaller.Result result, PrintWriter out) {
        result.created().forEach(t -> out.printf("created  %-28s %s%n", t.name(), TopicTable.summary(t)));
        result.existing().forEach(t -> out.printf("exists   %s%n", t.name()));
        result.drift().forEach(d -> out.printf("drift    %s%n", d));
        out.printf("%d created, %d already existed", result.created().size(), result.existing().size());
        out.printf(result.drift().isEmpty() ? ".%n"
                : "; %d setting(s) differ from the catalogue (existing topics are never changed).%n", result.drift().size());
        out.flush();
    }
}
