package dev.grpo.policy.internal.chat;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Python's string methods for chat templates, which call them on message contents ({@code content.startswith(...)},
 * {@code content.split('</think>')[-1].lstrip('\n')}). Jinjava would otherwise call Java's methods: some do not
 * exist ({@code startswith}), others differ ({@code split} takes a regular expression and drops trailing empty
 * parts; {@code strip} takes no characters). Consulted before Jinjava's own resolvers; anything else passes through.
 */
final class PythonStringMethods extends ELResolver {

    private static final Set<String> METHODS = Set.of("startswith", "endswith", "strip", "lstrip", "rstrip", "split",
            "upper", "lower", "join");

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String text) || method == null || !METHODS.contains(method.toString())) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        context.setPropertyResolved(true);
        return switch (method.toString()) {
            case "startswith" -> prefixes(args).stream().anyMatch(text::startsWith);
            case "endswith" -> prefixes(args).stream().anyMatch(text::endsWith);
            case "strip" -> rstrip(lstrip(text, stripped(args)), stripped(args));
            case "lstrip" -> lstrip(text, stripped(args));
            case "rstrip" -> rstrip(text, stripped(args));
            case "split" -> split(text, args);
            case "upper" -> text.toUpperCase(Locale.ROOT);
            case "lower" -> text.toLowerCase(Locale.ROOT);
            default -> join(text, args);
        };
    }

    /** {@code startswith} takes one string or a tuple of them. */
    private static List<String> prefixes(Object[] args) {
        Object prefix = argument(args, 0);
        if (prefix instanceof Collection<?> several) {
            return several.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(prefix));
    }

    /** No argument (or None) strips whitespace; a string strips any of its characters. */
    private static IntPredicate stripped(Object[] args) {
        Object chars = argument(args, 0);
        if (chars == null) {
            return Character::isWhitespace;
        }
        String set = chars.toString();
        return c -> set.indexOf(c) >= 0;
    }

    private static String lstrip(String text, IntPredicate stripped) {
        int start = 0;
        while (start < text.length() && stripped.test(text.charAt(start))) {
            start++;
        }
        return text.substring(start);
    }

    private static String rstrip(String text, IntPredicate stripped) {
        int end = text.length();
        while (end > 0 && stripped.test(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** Python's split: by a literal separator keeping empty parts, or (no separator) by runs of whitespace. */
    private static List<String> split(String text, Object[] args) {
        Object separator = argument(args, 0);
        Object max = argument(args, 1);
        int maxSplits = max == null ? -1 : ((Number) max).intValue();
        if (separator == null) {
            return splitOnWhitespace(text, maxSplits);
        }
        List<String> parts = new ArrayList<>();
        String sep = separator.toString();
        if (sep.isEmpty()) {
            throw new ChatTemplateException("split: empty separator", null);
        }
        int from = 0;
        int at;
        while ((maxSplits < 0 || parts.size() < maxSplits) && (at = text.indexOf(sep, from)) >= 0) {
            parts.add(text.substring(from, at));
            from = at + sep.length();
        }
        parts.add(text.substring(from));
        return parts;
    }

    private static List<String> splitOnWhitespace(String text, int maxSplits) {
        List<String> parts = new ArrayList<>();
        String rest = lstrip(text, Character::isWhitespace);
        while (!rest.isEmpty()) {
            int end = 0;
            while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
                end++;
            }
            if (maxSplits >= 0 && parts.size() == maxSplits) {
                parts.add(rest);
                break;
            }
            parts.add(rest.substring(0, end));
            rest = lstrip(rest.substring(end), Character::isWhitespace);
        }
        return parts;
    }

    private static String join(String separator, Object[] args) {
        Object items = argument(args, 0);
        Iterable<?> iterable = items instanceof Iterable<?> it ? it : List.of(String.valueOf(items));
        return StreamSupport.stream(iterable.spliterator(), false).map(String::valueOf)
                .collect(Collectors.joining(separator));
    }

    private static Object argument(Object[] args, int index) {
        return index < args.length ? args[index] : null;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // read-only: templates only call methods on strings
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
