package dev.grpo.cli.defaults;

import java.util.List;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code --help} section that lists the options whose default comes from the environment or the config file, as
 * {@code --batch-size  (default: 64, from GRPO_BATCH_SIZE)}; absent when every option keeps its built-in default
 * (which the option's own description shows).
 */
public final class DefaultOriginSection implements IHelpSectionRenderer {

    /** The key of this section in picocli's help section map. */
    public static final String KEY = "defaultOrigins";

    @Override
    public String render(Help help) {
        CommandSpec command = help.commandSpec();
        if (!(command.defaultValueProvider() instanceof ConfigDefaults defaults)) {
            return "";
        }
        List<String> lines = command.options().stream()
                .flatMap(option -> defaults.origin(option).map(origin -> "  " + option.longestName() + "  "
                        + origin.text()).stream()).toList();
        return lines.isEmpty() ? "" : String.format("%nDefaults from outside the command line:%n%s%n",
                String.join(System.lineSeparator(), lines));
    }
}
