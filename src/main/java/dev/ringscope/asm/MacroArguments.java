package dev.ringscope.asm;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the arguments of a multi-line macro call at commas. As in NASM, parentheses do not
 * group ({@code m (1,2)} passes two parameters) but braces do ({@code m {1,2}} passes one).
 */
final class MacroArguments {

    private MacroArguments() {
    }

    /** [start, end) spans of each comma-separated argument; none for a blank text. */
    static List<int[]> split(String text) {
        List<int[]> spans = new ArrayList<>();
        if (text.isBlank()) {
            return spans;
        }
        int start = 0;
        int braces = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (QuotedString.isQuote(c)) {
                i = QuotedString.skip(text, i) - 1;
            } else if (c == '{') {
                braces++;
            } else if (c == '}' && braces > 0) {
                braces--;
            } else if (c == ',' && braces == 0) {
                spans.add(new int[] {start, i});
                start = i + 1;
            }
        }
        spans.add(new int[] {start, text.length()});
        return spans;
    }

    static List<String> splitTexts(String text) {
        List<String> parts = new ArrayList<>();
        for (int[] span : split(text)) {
            parts.add(unbrace(text.substring(span[0], span[1]).strip()));
        }
        return parts;
    }

    /** {@code {1,2}} passes {@code 1,2}: the braces only group. */
    static String unbrace(String arg) {
        if (arg.length() >= 2 && arg.startsWith("{") && arg.endsWith("}")) {
            return arg.substring(1, arg.length() - 1);
        }
        return arg;
    }
}
