package dev.grpo.workflow.eval;

import ai.djl.Device;
import dev.grpo.policy.ArithmeticTask;
import dev.grpo.policy.ContinuousSampler;
import dev.grpo.policy.ModelDirectory;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.FinishReason;
import dev.grpo.policy.Generation;
import dev.grpo.policy.GenerationRequest;
import dev.grpo.policy.SamplingConfig;
import dev.grpo.policy.Split;
import dev.grpo.policy.Tokenizer;
import dev.grpo.producers.PromptTemplate;
import dev.grpo.streams.AccuracyReward;
import dev.grpo.streams.LanguageConsistencyReward;
import dev.grpo.streams.spi.Completion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Evaluates a checkpoint on a set of prompts: pass@1 averaged over k samples and cons@k (majority vote over the final
 * answers), scored with the same accuracy and language-consistency rewards the rule-reward stream runs.
 */
public final class HeldOutEvaluation {

    private final AccuracyReward accuracy = new AccuracyReward();
    private final LanguageConsistencyReward language = new LanguageConsistencyReward();
    private final EvalConfig settings;
    private final PromptTemplate template;

    /**
     * An evaluation that samples with {@code settings} from prompts wrapped in {@code template} (and then in the
     * model's chat template, when it has one), as a generator would give them.
     */
    public HeldOutEvaluation(EvalConfig settings, PromptTemplate template) {
        this.settings = settings;
        this.template = template;
    }

    /** The first {@code count} problems of the arithmetic task's held-out split (never used in training). */
    public static List<EvalPrompt> heldOut(int count) {
        return new ArithmeticTask().problems(Split.HELD_OUT, count, 20_260_101L).stream().map(EvalPrompt::of).toList();
    }

    /** Loads the checkpoint in {@code directory} on the CPU and evaluates it on {@code prompts}. */
    public EvalResult evaluate(Path directory, List<EvalPrompt> prompts) {
        return evaluate(directory, prompts, Device.cpu());
    }

    /** Loads the checkpoint in {@code directory} on {@code device} and evaluates it on {@code prompts}. */
    public EvalResult evaluate(Path directory, List<EvalPrompt> prompts, Device device) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no prompts to evaluate");
        }
        try (ModelDirectory model = ModelDirectory.open(directory); PolicyModel policy = model.load(device)) {
            Tokenizer tokenizer = model.tokenizer();
            ContinuousSampler sampler = new ContinuousSampler(policy, tokenizer.endIds(), tokenizer.padId(),
                    settings.batchSize());
            Function<String, int[]> encoder = prompt -> tokenizer.encode(model.promptFormat().render(
                    template.apply(prompt)));
            return summarise(prompts.size(), sample(sampler, tokenizer, encoder, prompts));
        }
    }

    /** Samples every prompt k times, {@code batchSize} sequences running at once (continuous batching). */
    private List<Judged> sample(ContinuousSampler sampler, Tokenizer tokenizer, Function<String, int[]> encoder,
                                List<EvalPrompt> prompts) {
        List<GenerationRequest> requests = new ArrayList<>();
        for (int p = 0; p < prompts.size(); p++) {
            int[] ids = encoder.apply(prompts.get(p).prompt());
            for (int i = 0; i < settings.k(); i++) {
                requests.add(new GenerationRequest(ids, settings.seed() * 1_000_003L + p * 1_009L + i));
            }
        }
        List<Generation> generations = sampler.generate(requests,
                new SamplingConfig(settings.temperature(), settings.topP(), settings.maxNewTokens()));
        List<Judged> judged = new ArrayList<>();
        for (int n = 0; n < generations.size(); n++) {
            judged.add(judge(n / settings.k(), prompts.get(n / settings.k()), generations.get(n), tokenizer));
        }
        return judged;
    }

    private Judged judge(int promptIndex, EvalPrompt prompt, Generation generation, Tokenizer tokenizer) {
        int[] ids = generation.tokenIds();
        int length = ids.length;
        if (generation.finishReason() == FinishReason.STOP) {
            ids = Arrays.copyOf(ids, ids.length - 1);
        }
        String text = tokenizer.decode(ids);
        Completion completion = new Completion(prompt.prompt(), text, prompt.groundTruth(), "en",
                ArithmeticTask.NAME, length, settings.maxNewTokens(), generation.finishReason().name(), "");
        List<String> answers = AccuracyReward.answerCandidates(completion.judgedText());
        String vote = answers.isEmpty() ? "" : answers.get(answers.size() - 1).strip();
        return new Judged(promptIndex, vote, accuracy.score(completion).value() == 1.0, length,
                language.score(completion).value());
    }

    private EvalResult summarise(int promptCount, List<Judged> judged) {
        double correct = judged.stream().filter(Judged::correct).count();
        double length = judged.stream().mapToInt(Judged::length).average().orElse(0);
        double consistency = judged.stream().mapToDouble(Judged::languageConsistency).average().orElse(0);
        Map<Integer, List<Judged>> byPrompt = new LinkedHashMap<>();
        judged.forEach(j -> byPrompt.computeIfAbsent(j.promptIndex(), key -> new ArrayList<>()).add(j));
        long majorityCorrect = byPrompt.values().stream().filter(HeldOutEvaluation::majorityCorrect).count();
        return new EvalResult(promptCount, settings.k(), correct / judged.size(), (double) majorityCorrect / promptCount,
                length, consistency);
    }

    /** The most frequent final answer (ties to the one seen first) decides; no answer never wins a vote as correct. */
    private static boolean majorityCorrect(List<Judged> samples) {
        Map<String, List<Judged>> byAnswer = new LinkedHashMap<>();
        samples.forEach(s -> byAnswer.computeIfAbsent(s.vote(), key -> new ArrayList<>()).add(s));
        List<Judged> winner = byAnswer.values().stream().reduce((a, b) -> b.size() > a.size() ? b : a).orElseThrow();
        return winner.get(0).correct();
    }

    private record Judged(int promptIndex, String vote, boolean correct, int length, double languageConsistency) {
    }
}
