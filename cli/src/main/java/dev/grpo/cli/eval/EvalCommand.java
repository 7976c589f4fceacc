package dev.grpo.cli.eval;

import dev.grpo.cli.options.DeviceOptions;
import dev.grpo.cli.options.EvalOptions;
import dev.grpo.cli.options.ModelOptions;
import dev.grpo.cli.prompts.PromptFieldOptions;
import dev.grpo.producers.PromptFile;
import dev.grpo.producers.InvalidTemplateException;
import dev.grpo.producers.PromptTemplate;
import dev.grpo.workflow.eval.EvalPrompt;
import dev.grpo.workflow.eval.EvalResult;
import dev.grpo.workflow.eval.EvalConfig;
import dev.grpo.workflow.eval.HeldOutEvaluation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code grpo eval}: pass@1 over k samples and cons@k of a checkpoint on held-out or given prompts. */
@Command(name = "eval",
        description = {"Evaluate a model directory: pass@1 averaged over k samples (T 0.6, top-p 0.95, as in "
                + "DeepSeek-R1) and cons@k (majority vote over the final answers), scored with the rule-reward stream's accuracy "
                + "reward; also mean completion length and language consistency."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelOptions model;

    @Option(names = "--prompts", defaultValue = "held-out", paramLabel = "held-out|FILE",
            description = "The arithmetic task's held-out split, or a prompt file (.jsonl, .json, .jsonl.gz, .json.gz, "
                    + ".parquet) whose rows all have a prompt and an answer; a row that does not fails the "
                    + "evaluation (default: ${DEFAULT-VALUE}).")
    private String prompts;

    @Mixin
    private PromptFieldOptions promptFields;

    @Option(names = "--template", defaultValue = "auto", paramLabel = "NAME|TEXT",
            description = "As for generate: r1-zero, plain, a text holding {prompt}, or auto: plain for the held-out "
                    + "split, r1-zero for a prompt file. A model with a chat template gets the result as the user's "
                    + "message of its template (default: ${DEFAULT-VALUE}).")
    private String template;

    @Mixin
    private EvalOptions eval = new EvalOptions(256, 16);

    @Mixin
    private DeviceOptions device;

    @Option(names = "--max-new-tokens", defaultValue = "160", paramLabel = "N",
            description = "Token budget per completion (default: ${DEFAULT-VALUE}).")
    private int maxNewTokens;

    @Override
    public Integer call() {
        EvalConfig settings;
        try {
            settings = EvalConfig.paper(eval.k(), maxNewTokens);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (eval.prompts() < 1) {
            throw new ParameterException(spec.commandLine(), "--eval-prompts must be >= 1, got " + eval.prompts());
        }
        List<EvalPrompt> selected = prompts.equals("held-out") ? HeldOutEvaluation.heldOut(eval.prompts())
                : promptFile().read(eval.prompts()).stream().map(EvalPrompt::of).toList();
        EvalResult result = new HeldOutEvaluation(settings, promptTemplate()).evaluate(model.required(), selected,
                device.device());
        spec.commandLine().getOut().println(result.table());
        return 0;
    }

    private PromptTemplate promptTemplate() {
        try {
            return PromptTemplate.parse(template, prompts.equals("held-out"));
        } catch (InvalidTemplateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private PromptFile promptFile() {
        try {
            return promptFields.file(Path.of(prompts), true);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
