package dev.ringscope.asm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code %define} table and the expansion of single-line macros in a line of text.
 * Like NASM, a macro is not expanded again inside its own expansion ({@code %define X X+1}
 * gives {@code X+1}), so expansion normally ends by itself; the caps below guard against
 * exponential growth such as {@code %define A B B}, {@code %define B C C}, ...
 */
final class SingleLineMacros {

    static final int MAX_EXPANSIONS_PER_LINE = 100_000;
    static final int MAX_LINE_LENGTH = 1_000_000;

    /** One definition; params is null for a macro without parentheses. */
    record Definition(String name, List<String> params, String body) {
        int arity() {
            return params == null ? -1 : params.size();
        }
    }

    /** The text a line expands to, or an error message with the partial text. */
    record Expansion(String text, String error) {
    }

    private final Map<String, List<Definition>> exact = new HashMap<>();
    private final Map<String, List<Definition>> caseless = new HashMap<>();

    void define(Definition def, boolean ignoreCase) {
        Map<String, List<Definition>> table = ignoreCase ? caseless : exact;
        String key = ignoreCase ? def.name().toLowerCase(Locale.ROOT) : def.name();
        List<Definition> defs = table.computeIfAbsent(key, k -> new ArrayList<>());
        defs.removeIf(d -> d.arity() == def.arity()); // redefinition replaces the same arity only
        defs.add(def);
    }

    void undefine(String name) {
        exact.remove(name);
        caseless.remove(name.toLowerCase(Locale.ROOT));
    }

    boolean isDefined(String name) {
        return exact.containsKey(name) || caseless.containsKey(name.toLowerCase(Locale.ROOT));
    }

    private List<Definition> lookup(String name) {
        List<Definition> found = new ArrayList<>(exact.getOrDefault(name, List.of()));
        found.addAll(caseless.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
        return found;
    }

    /** A cheap scan so the (common) lines without any macro cost no token objects. */
    boolean mightExpand(String text) {
        if (exact.isEmpty() && caseless.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (QuotedString.isQuote(c)) {
                i = QuotedString.skip(text, i) - 1;
            } else if (Lexer.isIdentifierStart(c) || Lexer.isIdentifierPart(c)) {
                int end = PpToken.wordEnd(text, i + 1);
                if (Lexer.isIdentifierStart(c) && isDefined(text.substring(i, end))) {
                    return true;
                }
                i = end - 1;
            }
        }
        return false;
    }

    Expansion expand(String text) {
        if (!mightExpand(text)) {
            return new Expansion(text, null);
        }
        // The pending tokens as a stack, next token last: a replacement is pushed in O(its size).
        List<PpToken> pending = new ArrayList<>(PpToken.tokenize(text));
        Collections.reverse(pending);
        StringBuilder out = new StringBuilder();
        int expansions = 0;
        while (!pending.isEmpty()) {
            int top = pending.size() - 1;
            PpToken t = pending.get(top);
            Invocation call = t.is(PpToken.Kind.WORD) && !t.hidden().contains(t.text()) ? match(pending, top) : null;
            if (call == null) {
                out.append(t.text());
                pending.remove(top);
                continue;
            }
            if (++expansions > MAX_EXPANSIONS_PER_LINE || out.length() + pending.size() > MAX_LINE_LENGTH) {
                Collections.reverse(pending);
                return new Expansion(out + PpToken.join(pending),
                        "single-line macro expansion runs away (more than " + MAX_EXPANSIONS_PER_LINE
                        + " expansions or " + MAX_LINE_LENGTH + " characters in one line)");
            }
            List<PpToken> replacement = substitute(call, t.hidden());
            pending.subList(call.end(), pending.size()).clear();
            Collections.reverse(replacement);
            pending.addAll(replacement);
        }
        return new Expansion(out.toString(), null);
    }

    /** A macro use on top of the stack: the definition, its arguments, and the index of the last token it uses. */
    private record Invocation(Definition def, List<List<PpToken>> args, int end) {
    }

    private Invocation match(List<PpToken> pending, int top) {
        List<Definition> defs = lookup(pending.get(top).text());
        if (defs.isEmpty()) {
            return null;
        }
        int open = top - 1;
        while (open >= 0 && pending.get(open).is(PpToken.Kind.SPACE)) {
            open--;
        }
        if (open >= 0 && pending.get(open).isChar('(')) {
            List<List<PpToken>> args = new ArrayList<>();
            int close = collectArguments(pending, open, args);
            for (Definition d : defs) {
                if (close >= 0 && d.arity() == args.size()) {
                    return new Invocation(d, args, close);
                }
            }
        }
        for (Definition d : defs) {
            if (d.arity() < 0) {
                return new Invocation(d, List.of(), top);
            }
        }
        return null;
    }

    /** Splits {@code (a, (b, c), d)} at top-level commas; returns the index of ")" or -1 if none. */
    private static int collectArguments(List<PpToken> pending, int open, List<List<PpToken>> args) {
        int depth = 0;
        List<PpToken> current = new ArrayList<>();
        for (int i = open - 1; i >= 0; i--) {
            PpToken t = pending.get(i);
            if (depth == 0 && (t.isChar(',') || t.isChar(')'))) {
                args.add(trim(current));
                current = new ArrayList<>();
                if (t.isChar(')')) {
                    if (args.size() == 1 && args.get(0).isEmpty()) {
                        args.clear(); // "()" passes no argument
                    }
                    return i;
                }
                continue;
            }
            depth += t.isChar('(') ? 1 : t.isChar(')') ? -1 : 0;
            current.add(t);
        }
        return -1;
    }

    private static List<PpToken> trim(List<PpToken> tokens) {
        int from = 0;
        int to = tokens.size();
        while (from < to && tokens.get(from).is(PpToken.Kind.SPACE)) {
            from++;
        }
        while (to > from && tokens.get(to - 1).is(PpToken.Kind.SPACE)) {
            to--;
        }
        return tokens.subList(from, to);
    }

    /** The body with parameters replaced; body tokens may not expand this macro again. */
    private static List<PpToken> substitute(Invocation call, Set<String> hiddenBefore) {
        Set<String> hidden = new HashSet<>(hiddenBefore);
        hidden.add(call.def().name());
        Set<String> shared = Set.copyOf(hidden);
        List<String> params = call.def().params() == null ? List.of() : call.def().params();
        List<PpToken> out = new ArrayList<>();
        for (PpToken b : PpToken.tokenize(call.def().body())) {
            int p = b.is(PpToken.Kind.WORD) ? params.indexOf(b.text()) : -1;
            if (p >= 0) {
                out.addAll(call.args().get(p)); // arguments keep their own history: they may expand
            } else {
                out.add(b.hiding(shared));
            }
        }
        return out;
    }
}
