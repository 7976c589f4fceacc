package dev.grpo.cli.options;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A positive duration as typed on the command line: a whole number with a unit ({@code 500ms}, {@code 90s},
 * {@code 3m}, {@code 1h}) or ISO-8601 ({@code PT3M}), read as the reward configuration reads its durations.
 */
public final class DurationText implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        String typed = text.trim();
        // units are read in lower case, ISO-8601 in upper case, so "90S" and "pt3m" read too
        String normal = typed.regionMatches(true, 0, "PT", 0, 2) ? typed.toUpperCase(Locale.ROOT)
                : typed.toLowerCase(Locale.ROOT);
        Duration duration;
        try {
            duration = dev.grpo.streams.DurationText.parse("duration", normal);
        } catch (IllegalArgumentException | ArithmeticException e) {
            duration = null;
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new TypeConversionException("'" + text + "' is not a positive duration such as 90s, 3m or 500ms");
        }
        return duration;
    }
}
