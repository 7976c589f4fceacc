package dev.grpo.cli.topics;

import dev.grpo.cli.kafka.KafkaConnection;
import dev.grpo.cli.acls.AclCommandLine;
import dev.grpo.cli.acls.PipelineAcls;
import dev.grpo.cli.acls.StagePrincipals;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code grpo topics acls}: the least-privilege ACLs of every stage, printed as kafka-acls.sh lines or applied. */
@Command(
        name = "acls",
        sortOptions = false,
        headerHeading = "%n",
        header = "Print (or apply) the least-privilege ACLs of every stage for a secured cluster.",
        descriptionHeading = "%n",
        description = {
            "Each stage may read what it consumes and write only what it produces: only the principal of reward "
                    + "component x writes grpo.rewards.x, only the generator writes grpo.rollouts, the learner "
                    + "reads advantages and writes versions, stale samples and dead letters. Topics are created "
                    + "beforehand by an administrator ('grpo topics create'). Principals default to User:grpo-generator, "
                    + "User:grpo-rewards, User:grpo-learner and, for the code stage, User:grpo-code-reward."
        })
final class AclsCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnection kafka;

    @Option(names = "--print", description = "Print the ACLs as kafka-acls.sh command lines (the default).")
    private boolean print;

    @Option(names = "--apply", description = "Create the ACLs on the cluster through the Admin API (as a principal "
            + "allowed to alter ACLs).")
    private boolean apply;

    @Option(names = "--principal", paramLabel = "STAGE=TYPE:NAME",
            description = "The principal of a stage (generator, rewards, learner) or of the external reward "
                    + "consumer of a component (any other name, e.g. code=User:coder or judge=User:judge); repeatable.")
    private List<String> principals = new ArrayList<>();

    @Option(names = "--learner-id", paramLabel = "ID", defaultValue = "learner",
            description = "The learner's id, which is its consumer group. Default: ${DEFAULT-VALUE}.")
    private String learnerId;

    @Option(names = "--command-config", paramLabel = "FILE", defaultValue = "admin.properties",
            description = "The admin's client properties file named in the printed lines. Default: ${DEFAULT-VALUE}.")
    private String commandConfig;

    @Override
    public Integer call() throws InterruptedException {
        List<AclBinding> acls = acls();
        PrintWriter out = spec.commandLine().getOut();
        if (print || !apply) {
            acls.forEach(acl -> out.println(AclCommandLine.of(acl, kafka.bootstrapServers(), commandConfig)));
        }
        if (apply) {
            kafka.withAdmin(TIMEOUT, admin -> create(admin, acls));
            out.printf("%d ACLs created on %s.%n", acls.size(), kafka.bootstrapServers());
        }
        out.flush();
        return 0;
    }

    private List<AclBinding> acls() {
        try {
            StagePrincipals named = StagePrincipals.defaults();
            for (String principal : principals) {
                named = named.with(principal);
            }
            return new PipelineAcls(kafka.cluster().topicPrefix(), learnerId).all(named);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Void create(Admin admin, List<AclBinding> acls) throws InterruptedException {
        try {
            admin.createAcls(acls).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create ACLs on " + kafka.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create ACLs on " + kafka.bootstrapServers() + ": no answer within "
                    + TIMEOUT.toSeconds() + " s", e);
        }
    }
}
