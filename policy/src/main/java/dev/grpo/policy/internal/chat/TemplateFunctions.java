package dev.grpo.policy.internal.chat;

import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;

import java.time.ZonedDateTime;
import java.util.List;

/** The global functions Hugging Face gives chat templates: {@code raise_exception(msg)} and {@code strftime_now(fmt)}. */
final class TemplateFunctions {

    private TemplateFunctions() {
    }

    /** Thrown by {@code raise_exception}: the template refuses the conversation (e.g. roles that do not alternate). */
    static final class Raised extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Raised(String message) {
            super(message);
        }
    }

    /** @return the definitions to register with Jinjava */
    static List<ELFunctionDefinition> definitions() {
        return List.of(new ELFunctionDefinition("", "raise_exception", TemplateFunctions.class, "raiseException",
                        String.class),
                new ELFunctionDefinition("", "strftime_now", TemplateFunctions.class, "strftimeNow", String.class));
    }

    /**
     * @param message why the template refuses
     * @return never
     */
    public static Object raiseException(String message) {
        throw new Raised(message);
    }

    /**
     * @param format a Python {@code strftime} format, e.g. {@code %d %b %Y}
     * @return the current local time in that format
     */
    public static String strftimeNow(String format) {
        return StrftimeFormatter.format(ZonedDateTime.now(), format);
    }
}
