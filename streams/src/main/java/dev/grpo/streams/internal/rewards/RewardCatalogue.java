package dev.grpo.streams.internal.rewards;

import dev.grpo.streams.spi.RewardFunction;
import dev.grpo.streams.spi.RewardFunctionConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The in-process reward functions installed on the class path, found with {@link ServiceLoader}
 * through {@code META-INF/services/dev.grpo.streams.spi.RewardFunction}.
 */
public final class RewardCatalogue {

    private final Map<String, RewardFunction> byName;

    private RewardCatalogue(Map<String, RewardFunction> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** Every reward function visible to {@code classLoader}. @throws IllegalStateException on duplicate names */
    public static RewardCatalogue installed(ClassLoader classLoader) {
        Map<String, RewardFunction> byName = new LinkedHashMap<>();
        for (RewardFunction function : ServiceLoader.load(RewardFunction.class, classLoader)) {
            RewardFunction previous = byName.putIfAbsent(function.name(), function);
            if (previous != null) {
                throw new IllegalStateException("two reward functions are named '" + function.name() + "': "
                        + previous.getClass().getName() + " and " + function.getClass().getName());
            }
        }
        return new RewardCatalogue(byName);
    }

    /** Every reward function visible to this class's loader. */
    public static RewardCatalogue installed() {
        return installed(RewardCatalogue.class.getClassLoader());
    }

    /** Names of the installed functions. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * The named functions, each configured with its options, in the order given.
     *
     * @throws IllegalArgumentException naming any function that is not installed
     */
    public List<RewardFunction> select(List<String> names, Map<String, RewardFunctionConfig> options) {
        List<RewardFunction> selected = new ArrayList<>();
        for (String name : names) {
            RewardFunction function = byName.get(name);
            if (function == null) {
                throw new IllegalArgumentException("no in-process reward function named '" + name
                        + "' is installed; installed: " + byName.keySet());
            }
            selected.add(function.configured(options.getOrDefault(name, RewardFunctionConfig.DEFAULTS)));
        }
        return List.copyOf(selected);
    }
}
