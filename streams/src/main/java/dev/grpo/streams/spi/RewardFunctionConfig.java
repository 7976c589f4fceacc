package dev.grpo.streams.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration a reward function is built with: a time budget per completion and free-form
 * settings from the reward configuration ({@code option.<component>.<key>=value}).
 *
 * @param timeout time budget for scoring one completion
 * @param settings component-specific settings by key
 */
public record RewardFunctionConfig(Duration timeout, Map<String, String> settings) {

    /** One second per completion and no settings. */
    public static final RewardFunctionConfig DEFAULTS = new RewardFunctionConfig(Duration.ofSeconds(1), Map.of());

    public RewardFunctionConfig {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("reward timeout must be positive, got " + timeout);
        }
        settings = Map.copyOf(settings);
    }

    /** The setting {@code key}, when given. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }
}
