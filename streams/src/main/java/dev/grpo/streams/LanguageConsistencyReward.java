package dev.grpo.streams;

import dev.grpo.streams.internal.rewards.LanguageScripts;
import dev.grpo.streams.internal.rewards.ReasoningWords;
import dev.grpo.streams.spi.Completion;
import dev.grpo.streams.spi.RewardFunction;
import dev.grpo.streams.spi.Score;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DeepSeek-R1's language-consistency reward: the share of the words in the reasoning
 * ({@code <think>…</think>}; up to the end when unclosed; the text before {@code <answer>} when
 * there is no think block) that are written in the completion's target language. A reasoning
 * part with no words scores 1. Words are counted by {@link ReasoningWords}.
 *
 * <p>The language is judged by script ({@link Character.UnicodeScript}): "zh" means Han, "ja"
 * Han, Hiragana and Katakana, "en" Latin. Languages sharing a script (English, French and German
 * all use Latin) are therefore not told apart. Doing that needs a per-word language identifier
 * behind the same interface: within a script, look each word up in per-language frequency
 * lexicons (e.g. the top 50k words of each language, where "the" is English and "der" German)
 * and fall back to a character n-gram model (as CLD3 or fastText's lid.176 do) for words in no
 * lexicon, counting a word as in-language when the target is among its likely languages. That
 * would be a separate component with its own version string, so scores stay comparable.
 */
public final class LanguageConsistencyReward implements RewardFunction {

    /** The component name. */
    public static final String NAME = "language_consistency";

    /** Scripts by language tag as seen so far; a handful of tags occur in practice. */
    private final Map<String, Set<Character.UnicodeScript>> scriptsByTag = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "language_consistency-1/script";
    }

    @Override
    public Score score(Completion completion) {
        String reasoning = reasoning(completion.judgedText());
        ReasoningWords.Count count = ReasoningWords.count(reasoning,
                scriptsByTag.computeIfAbsent(completion.language(), LanguageScripts::of));
        if (count.words() == 0) {
            return Score.of(1.0, "no words in the reasoning");
        }
        return Score.of((double) count.inTarget() / count.words(),
                count.inTarget() + " of " + count.words() + " words in " + completion.language());
    }

    private static String reasoning(String text) {
        int open = text.indexOf("<think>");
        if (open < 0) {
            int answer = text.indexOf("<answer>");
            return answer < 0 ? text : text.substring(0, answer);
        }
        int start = open + "<think>".length();
        int close = text.indexOf("</think>", start);
        return close < 0 ? text.substring(start) : text.substring(start, close);
    }
}
