package dev.grpo.cli.options;

import picocli.CommandLine.Option;

/**
 * How much held-out evaluation a command does, {@code --eval-prompts N} and {@code --eval-k K}
 * ({@code @Mixin EvalOptions eval = new EvalOptions(256, 16);}, the arguments being the command's built-in defaults,
 * which {@code --help} shows). The spellings {@code --n} and {@code --k} of {@code grpo eval} are hidden aliases.
 */
public final class EvalOptions {

    @Option(names = "--eval-prompts", paramLabel = "N",
            description = "Held-out prompts evaluated, the first N of the split or file (default: ${DEFAULT-VALUE}).")
    private int prompts;

    @Option(names = "--eval-k", paramLabel = "K", description = "Samples per held-out prompt (default: ${DEFAULT-VALUE}).")
    private int k;

    /** Picocli's no-argument constructor: no prompts, no samples. */
    public EvalOptions() {
    }

    /**
     * @param prompts the built-in number of held-out prompts
     * @param k the built-in number of samples per prompt
     */
    public EvalOptions(int prompts, int k) {
        this.prompts = prompts;
        this.k = k;
    }

    @Option(names = "--n", paramLabel = "N", hidden = true, description = "Deprecated spelling of --eval-prompts.")
    private void deprecatedPrompts(int value) {
        this.prompts = value;
    }

    @Option(names = "--k", paramLabel = "K", hidden = true, description = "Deprecated spelling of --eval-k.")
    private void deprecatedK(int value) {
        this.k = value;
    }

    /** @return the number of held-out prompts */
    public int prompts() {
        return prompts;
    }

    /** @return the samples per prompt */
    public int k() {
        return k;
    }
}
