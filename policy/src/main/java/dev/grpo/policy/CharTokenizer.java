package dev.grpo.policy;


import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in character tokenizer of the synthetic tasks: one id per special token, per printable ASCII
 * character, for the newline, and per character of a fixed CJK set (the second script of the
 * language-mixing corpus). There is no unknown token: any other character fails with
 * {@link UnknownCharacterException}, so nothing is silently lost.
 *
 * <p>The reasoning markers are single tokens here (a tiny model learns the format faster), but nothing outside this
 * class relies on that.
 *
 * <p>Ids: 0..5 the {@link SpecialToken}s in declaration order, 6 the newline, 7..101 the ASCII characters
 * from space to tilde, then {@link #CJK_CHARACTERS} in order.
 */
public final class CharTokenizer implements Tokenizer {

    /** The CJK characters the vocabulary covers: enough for arithmetic reasoning written in Chinese. */
    public static final String CJK_CHARACTERS =
            "写进所以先算然后个十百千位加减得结果是答案和等于最终我们的一再把数字零二三四五六七八九两，。：对错检查";

    private static final int FIRST_PRINTABLE = ' ';
    private static final int LAST_PRINTABLE = '~';

    private final String[] texts;
    private final Map<Integer, Integer> idsByCodePoint;
    private final List<SpecialToken> specialsLongestFirst;

    /** Builds the fixed vocabulary. */
    public CharTokenizer() {
        int size = SpecialToken.values().length + 1 + (LAST_PRINTABLE - FIRST_PRINTABLE + 1)
                + CJK_CHARACTERS.codePointCount(0, CJK_CHARACTERS.length());
        texts = new String[size];
        idsByCodePoint = new HashMap<>();
        int next = 0;
        for (SpecialToken special : SpecialToken.values()) {
            texts[next++] = special.text();
        }
        next = addCharacter('\n', next);
        for (int c = FIRST_PRINTABLE; c <= LAST_PRINTABLE; c++) {
            next = addCharacter(c, next);
        }
        for (int c : CJK_CHARACTERS.codePoints().toArray()) {
            next = addCharacter(c, next);
        }
        specialsLongestFirst = Arrays.stream(SpecialToken.values())
                .sorted(Comparator.comparingInt((SpecialToken s) -> s.text().length()).reversed())
                .toList();
    }

    private int addCharacter(int codePoint, int id) {
        texts[id] = new String(Character.toChars(codePoint));
        idsByCodePoint.put(codePoint, id);
        return id + 1;
    }

    @Override
    public int[] encode(String text) {
        int[] ids = new int[text.length()];
        int count = 0;
        int i = 0;
        while (i < text.length()) {
            SpecialToken special = specialAt(text, i);
            if (special != null) {
                ids[count++] = special.ordinal();
                i += special.text().length();
                continue;
            }
            int codePoint = text.codePointAt(i);
            Integer id = idsByCodePoint.get(codePoint);
            if (id == null) {
                throw new UnknownCharacterException(codePoint, i);
            }
            ids[count++] = id;
            i += Character.charCount(codePoint);
        }
        return Arrays.copyOf(ids, count);
    }

    private SpecialToken specialAt(String text, int index) {
        if (text.charAt(index) != '<') {
            return null;
        }
        for (SpecialToken special : specialsLongestFirst) {
            if (text.startsWith(special.text(), index)) {
                return special;
            }
        }
        return null;
    }

    @Override
    public String decode(int[] ids) {
        TokenIdOutOfRangeException.requireInVocabulary("decoded sequence", ids, texts.length);
        StringBuilder text = new StringBuilder(ids.length);
        for (int id : ids) {
            text.append(texts[id]);
        }
        return text.toString();
    }

    @Override
    public int vocabularySize() {
        return texts.length;
    }

    /**
     * @param token a special token of the built-in vocabulary
     * @return its id
     */
    public int id(SpecialToken token) {
        return token.ordinal();
    }

    /** @return the {@link SpecialToken#EOS} id alone */
    @Override
    public int[] endIds() {
        return new int[] {id(SpecialToken.EOS)};
    }

    /** @return the {@link SpecialToken#PAD} id */
    @Override
    public int padId() {
        return id(SpecialToken.PAD);
    }

    /** @return a description for error messages */
    @Override
    public String toString() {
        return "the built-in character tokenizer";
    }

    /**
     * @param codePoint a Unicode code point
     * @return whether the vocabulary has an id for it
     */
    public boolean covers(int codePoint) {
        return idsByCodePoint.containsKey(codePoint);
    }
}
