package dev.grpo.cli;

import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.RewardConfigFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The reward-configuration options shared by {@code grpo score}, {@code grpo rewards} and {@code grpo replay}
 * ({@code @Mixin RewardConfigOptions rewards;}): a file, then individual settings on top of it. The spelling
 * {@code --rewards} that {@code grpo replay} used before is a hidden alias of {@code --reward-config}.
 */
public final class RewardConfigOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--reward-config", paramLabel = "FILE",
            description = "Reward configuration, a .properties or .json file (see streams/README.md). "
                    + "Default: accuracy, format and language_consistency, each with weight 1.")
    private Path file;

    @Option(names = "--rewards", paramLabel = "FILE", hidden = true, description = "Deprecated spelling of --reward-config.")
    private void deprecatedSpelling(Path config) {
        this.file = config;
    }

    @Option(names = "--weight", paramLabel = "NAME=WEIGHT",
            description = "Weight of a reward component; a name no in-process function has is an external "
                    + "component the assembler waits for on grpo.rewards.NAME (grpo rewards requires that topic: grpo topics "
                    + "create --reward NAME); 'none' removes a component. Repeatable.")
    private Map<String, String> weights = new LinkedHashMap<>();

    @Option(names = "--reward-option", paramLabel = "KEY=VALUE",
            description = "Any reward configuration key, e.g. groups.timeout=2m, score.timeout=500ms or "
                    + "tasks.code=code (the tasks a component applies to). Repeatable.")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--no-std", description = "Dr. GRPO: advantages are r - mean, not divided by the group std.")
    private boolean noStd;

    @Option(names = "--drop-uniform-groups",
            description = "DAPO dynamic sampling: drop (and count) groups whose rewards are all equal.")
    private boolean dropUniformGroups;

    /**
     * For a command that has no default configuration ({@code grpo replay} re-scores with a new one).
     *
     * @return these options
     * @throws ParameterException as picocli reports a missing required option, when {@code --reward-config} is absent
     */
    public RewardConfigOptions requireFile() {
        if (file == null) {
            throw new ParameterException(command.commandLine(), "Missing required option: '--reward-config=FILE'");
        }
        return this;
    }

    /** The configuration: defaults, then the file, then the settings and flags. */
    public RewardConfig config() {
        RewardConfig config = file == null ? RewardConfig.defaults() : RewardConfigFile.load(file);
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        weights.forEach((name, weight) -> overrides.put("weight." + name, weight));
        if (noStd) {
            overrides.put("advantage.scale-by-std", "false");
        }
        if (dropUniformGroups) {
            overrides.put("groups.drop-uniform", "true");
        }
        return config.with(overrides);
    }
}
