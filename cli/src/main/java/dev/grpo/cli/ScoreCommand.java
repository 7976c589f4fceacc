package dev.grpo.cli;

import dev.grpo.coderewards.CodeReward;
import dev.grpo.coderewards.CodeVerifier;
import dev.grpo.streams.OfflineScorer;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.spi.RewardFunction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code grpo score}: scores a JSONL file of completions offline with the same rule rewards the
 * stream runs, writing each line back with its {@code rewards} and weighted {@code reward}.
 */
@Command(name = "score",
        description = {"Score a JSONL file of completions with the rule rewards, offline.",
            "Each input line is a JSON object with \"completion\" and optional \"ground_truth\", \"language\" "
                    + "(default en), \"prompt\", \"task\" and \"verification\" (a code task's spec); other fields "
                    + "pass through. Each output line adds \"rewards\" (accuracy, format, language_consistency, and "
                    + "code when --weight code=W is given: those that apply to the line's task, see tasks.<component>), "
                    + "\"details\" (the scores' explanations, e.g. why a program failed) and "
                    + "\"reward\" (their weighted sum). Malformed lines are reported with their line number and skipped."})
public final class ScoreCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE.jsonl", description = "Completions to score.")
    private Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "Where to write the scored lines.")
    private Path out;

    @Mixin
    private RewardConfigOptions rewards;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        RewardConfig config = rewards.config();
        OfflineScorer.Summary summary = new OfflineScorer(config, codeReward(config)).score(in, out, err::println);
        err.println("scored " + summary.scored() + " lines into " + out
                + (summary.skipped() > 0 ? ", skipped " + summary.skipped() + " malformed" : ""));
        err.flush();
        return 0;
    }

    /**
     * The code reward when the configuration weights it: programs then run in the bubblewrap sandbox, which must be
     * installed (never unsandboxed); {@code option.code.partial=true} scores the fraction of tests passed.
     */
    private static List<RewardFunction> codeReward(RewardConfig config) {
        if (!config.weights().containsKey(CodeReward.NAME)) {
            return List.of();
        }
        return List.of(new CodeReward(CodeVerifier.installed(), false));
    }
}
