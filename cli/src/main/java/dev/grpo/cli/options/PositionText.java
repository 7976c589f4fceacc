package dev.grpo.cli.options;

import dev.grpo.streams.ReplayPosition;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A position in a topic's history as every command that takes one spells it ({@code grpo replay --from/--to},
 * {@code grpo export --from}): {@code earliest}, {@code offset:N}, {@code timestamp:T} (ISO-8601 or epoch ms) or
 * {@code version:V}, read by {@link ReplayPosition#parse}, the one parser of that syntax.
 */
public final class PositionText implements ITypeConverter<ReplayPosition> {

    @Override
    public ReplayPosition convert(String text) {
        try {
            return ReplayPosition.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
