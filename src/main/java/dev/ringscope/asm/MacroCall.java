package dev.ringscope.asm;

import java.util.Set;

/**
 * A line that calls a multi-line macro: {@code name args} or {@code label: name args}.
 *
 * @param label  the label before the call, with its colon ("" if none): it stays on its own line
 * @param column 1-based column of the macro name
 */
record MacroCall(String label, String name, String arguments, int column) {

    static MacroCall find(String text, Set<String> macroNames) {
        if (macroNames.isEmpty()) {
            return null;
        }
        int start = skipBlanks(text, 0);
        int end = wordEnd(text, start);
        if (end == start) {
            return null;
        }
        String first = text.substring(start, end);
        if (macroNames.contains(first) && (end == text.length() || !isColonAfter(text, end))) {
            return new MacroCall("", first, text.substring(end), start + 1);
        }
        if (!isColonAfter(text, end)) {
            return null;
        }
        int colon = text.indexOf(':', end);
        int nameStart = skipBlanks(text, colon + 1);
        int nameEnd = wordEnd(text, nameStart);
        String name = text.substring(nameStart, nameEnd);
        if (nameEnd == nameStart || !macroNames.contains(name)) {
            return null;
        }
        return new MacroCall(text.substring(0, colon + 1), name, text.substring(nameEnd), nameStart + 1);
    }

    private static boolean isColonAfter(String text, int from) {
        int i = skipBlanks(text, from);
        return i < text.length() && text.charAt(i) == ':';
    }

    private static int skipBlanks(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int wordEnd(String text, int start) {
        if (start >= text.length() || !Lexer.isIdentifierStart(text.charAt(start))) {
            return start;
        }
        return PpToken.wordEnd(text, start + 1);
    }
}
