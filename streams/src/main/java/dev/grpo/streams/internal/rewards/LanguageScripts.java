package dev.grpo.streams.internal.rewards;

import dev.grpo.streams.spi.UnscorableCompletionException;
import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Unicode scripts a language is written in, from a BCP-47 tag: an explicit script subtag
 * wins ({@code sr-Latn}, {@code zh-Hant}); otherwise the language's usual script. Languages that
 * share a script (English, French, German all use Latin) cannot be told apart here; see
 * {@link dev.grpo.streams.LanguageConsistencyReward} for how that would be done.
 */
public final class LanguageScripts {

    private static final Map<String, Set<UnicodeScript>> BY_LANGUAGE = table();

    private LanguageScripts() {
    }

    private static Map<String, Set<UnicodeScript>> table() {
        Map<String, Set<UnicodeScript>> table = new HashMap<>();
        register(table, EnumSet.of(UnicodeScript.LATIN), "en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "nb",
                "nn", "fi", "is", "pl", "cs", "sk", "sl", "hr", "bs", "ro", "hu", "tr", "az", "uz", "vi", "id", "ms",
                "tl", "fil", "sw", "af", "ga", "cy", "eu", "ca", "gl", "et", "lv", "lt", "sq", "mt", "la", "eo", "ha",
                "yo", "ig", "zu", "xh", "so", "mi", "haw");
        register(table, EnumSet.of(UnicodeScript.CYRILLIC), "ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg", "mn");
        register(table, EnumSet.of(UnicodeScript.GREEK), "el");
        register(table, EnumSet.of(UnicodeScript.ARMENIAN), "hy");
        register(table, EnumSet.of(UnicodeScript.GEORGIAN), "ka");
        register(table, EnumSet.of(UnicodeScript.HEBREW), "he", "iw", "yi");
        register(table, EnumSet.of(UnicodeScript.ARABIC), "ar", "fa", "ur", "ps", "ug", "ku");
        register(table, EnumSet.of(UnicodeScript.DEVANAGARI), "hi", "mr", "ne", "sa");
        register(table, EnumSet.of(UnicodeScript.BENGALI), "bn", "as");
        register(table, EnumSet.of(UnicodeScript.GURMUKHI), "pa");
        register(table, EnumSet.of(UnicodeScript.GUJARATI), "gu");
        register(table, EnumSet.of(UnicodeScript.ORIYA), "or");
        register(table, EnumSet.of(UnicodeScript.TAMIL), "ta");
        register(table, EnumSet.of(UnicodeScript.TELUGU), "te");
        register(table, EnumSet.of(UnicodeScript.KANNADA), "kn");
        register(table, EnumSet.of(UnicodeScript.MALAYALAM), "ml");
        register(table, EnumSet.of(UnicodeScript.SINHALA), "si");
        register(table, EnumSet.of(UnicodeScript.THAI), "th");
        register(table, EnumSet.of(UnicodeScript.LAO), "lo");
        register(table, EnumSet.of(UnicodeScript.KHMER), "km");
        register(table, EnumSet.of(UnicodeScript.MYANMAR), "my");
        register(table, EnumSet.of(UnicodeScript.TIBETAN), "bo");
        register(table, EnumSet.of(UnicodeScript.ETHIOPIC), "am", "ti");
        register(table, EnumSet.of(UnicodeScript.HAN), "zh", "yue", "wuu", "cmn");
        register(table, EnumSet.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA), "ja");
        register(table, EnumSet.of(UnicodeScript.HANGUL), "ko");
        return Map.copyOf(table);
    }

    private static void register(Map<String, Set<UnicodeScript>> table, Set<UnicodeScript> scripts,
            String... languages) {
        for (String language : languages) {
            table.put(language, Set.copyOf(scripts));
        }
    }

    /**
     * The scripts of {@code languageTag}.
     *
     * @throws UnscorableCompletionException when neither the tag's script nor its language is known
     */
    public static Set<UnicodeScript> of(String languageTag) {
        Locale locale = Locale.forLanguageTag(languageTag.strip().replace('_', '-'));
        Optional<Set<UnicodeScript>> explicit = fromScriptSubtag(locale.getScript());
        if (explicit.isPresent()) {
            return explicit.get();
        }
        Set<UnicodeScript> scripts = BY_LANGUAGE.get(locale.getLanguage());
        if (scripts == null) {
            throw new UnscorableCompletionException("no script known for language '" + languageTag
                    + "'; give a script subtag (e.g. '" + locale.getLanguage() + "-Latn')");
        }
        return scripts;
    }

    private static Optional<Set<UnicodeScript>> fromScriptSubtag(String script) {
        switch (script) {
            case "" -> {
                return Optional.empty();
            }
            case "Hans", "Hant", "Hani" -> {
                return Optional.of(Set.of(UnicodeScript.HAN));
            }
            case "Jpan" -> {
                return Optional.of(Set.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA));
            }
            case "Kore" -> {
                return Optional.of(Set.of(UnicodeScript.HANGUL, UnicodeScript.HAN));
            }
            default -> {
                try {
                    return Optional.of(Set.of(UnicodeScript.forName(script)));
                } catch (IllegalArgumentException unknown) {
                    throw new UnscorableCompletionException("unknown script subtag '" + script + "'");
                }
            }
        }
    }
}
