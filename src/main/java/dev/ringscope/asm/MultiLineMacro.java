package dev.ringscope.asm;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code %macro name min[-max][+] [defaults...]} definition and how a call of it expands.
 * NASM semantics: missing parameters take the defaults, {@code %0} counts the given parameters
 * plus the defaults, a greedy ({@code +}) macro's last parameter takes the rest of the line.
 */
record MultiLineMacro(String name, int minParams, int maxParams, boolean greedy, List<String> defaults,
                      List<RawLine> body, SourcePos definedAt, boolean recursive) {

    static final int UNLIMITED = Integer.MAX_VALUE;

    boolean accepts(int count) {
        return count >= minParams && (count <= maxParams || greedy);
    }

    /** The parameter texts a call passes, after greedy joining and defaults. */
    List<String> parameters(String argumentText) {
        List<int[]> spans = MacroArguments.split(argumentText);
        List<String> params = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            boolean rest = greedy && i == maxParams - 1 && spans.size() > maxParams;
            int[] span = spans.get(i);
            int end = rest ? spans.get(spans.size() - 1)[1] : span[1];
            params.add(MacroArguments.unbrace(argumentText.substring(span[0], end).strip()));
            if (rest) {
                break;
            }
        }
        int withDefaults = maxParams == UNLIMITED ? minParams + defaults.size()
                : Math.min(maxParams, minParams + defaults.size());
        for (int i = params.size(); i < withDefaults; i++) {
            int d = i - minParams;
            params.add(d >= 0 && d < defaults.size() ? defaults.get(d) : "");
        }
        return params;
    }

    /** The body with {@code %1 %{10} %0 %%label} replaced; {@code uniqueId} makes local labels unique. */
    List<RawLine> expand(List<String> params, long uniqueId) {
        List<RawLine> lines = new ArrayList<>(body.size());
        for (RawLine line : body) {
            lines.add(new RawLine(substitute(line.text(), params, uniqueId), line.pos()));
        }
        return lines;
    }

    private static String substitute(String text, List<String> params, long uniqueId) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (QuotedString.isQuote(c)) {
                int end = QuotedString.skip(text, i);
                out.append(text, i, end);
                i = end;
            } else if (c == '%' && i + 1 < text.length()) {
                i = substituteAt(text, i, params, uniqueId, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Replaces the {@code %}-construct at {@code i}; returns the index after it. */
    private static int substituteAt(String text, int i, List<String> params, long uniqueId, StringBuilder out) {
        char next = text.charAt(i + 1);
        if (next == '%' && i + 2 < text.length() && Lexer.isIdentifierPart(text.charAt(i + 2))) {
            int end = PpToken.wordEnd(text, i + 2);
            out.append("..@").append(uniqueId).append('.').append(text, i + 2, end);
            return end;
        }
        int numberStart = next == '{' ? i + 2 : i + 1;
        int numberEnd = numberStart;
        while (numberEnd < text.length() && Character.isDigit(text.charAt(numberEnd)) && numberEnd - numberStart < 9) {
            numberEnd++;
        }
        boolean braced = next == '{';
        if (numberEnd == numberStart || (braced && (numberEnd >= text.length() || text.charAt(numberEnd) != '}'))) {
            out.append('%');
            return i + 1;
        }
        int n = Integer.parseInt(text.substring(numberStart, numberEnd));
        out.append(n == 0 ? String.valueOf(params.size()) : n <= params.size() ? params.get(n - 1) : "");
        return braced ? numberEnd + 1 : numberEnd;
    }
}
