package dev.grpo.cli.defaults;

/**
 * A default an option takes from outside the command line, and where it came from.
 *
 * @param value the value as text, as a flag would give it
 * @param source where it was set: an environment variable ({@code GRPO_BATCH_SIZE}) or a file and key
 *     ({@code grpo.yaml, key learn.batch-size})
 */
public record DefaultOrigin(String value, String source) {

    /** @return {@code (default: VALUE, from SOURCE)}, as {@code --help} and error messages show it */
    public String text() {
        return "(default: " + value + ", from " + source + ")";
    }
}
