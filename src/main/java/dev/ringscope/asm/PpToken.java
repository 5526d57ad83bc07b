package dev.ringscope.asm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A preprocessor token: coarser than {@link Token}, and it keeps every character (spaces too) so
 * that macro expansion can put the line back together. {@code hidden} holds the single-line macros
 * this token came out of: NASM does not expand a macro again inside its own expansion.
 */
record PpToken(Kind kind, String text, Set<String> hidden) {

    enum Kind { WORD, NUMBER, STRING, SPACE, OTHER }

    static List<PpToken> tokenize(String line) {
        List<PpToken> tokens = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            int end;
            Kind kind;
            if (Character.isWhitespace(c)) {
                end = i + 1;
                while (end < line.length() && Character.isWhitespace(line.charAt(end))) {
                    end++;
                }
                kind = Kind.SPACE;
            } else if (QuotedString.isQuote(c)) {
                end = QuotedString.skip(line, i);
                kind = Kind.STRING;
            } else if (Lexer.isIdentifierStart(c) || (c >= '0' && c <= '9')) {
                end = wordEnd(line, i + 1);
                kind = Lexer.isIdentifierStart(c) ? Kind.WORD : Kind.NUMBER;
            } else {
                end = i + 1;
                kind = Kind.OTHER;
            }
            tokens.add(new PpToken(kind, line.substring(i, end), Set.of()));
            i = end;
        }
        return tokens;
    }

    static int wordEnd(String line, int from) {
        int end = from;
        while (end < line.length() && Lexer.isIdentifierPart(line.charAt(end))) {
            end++;
        }
        return end;
    }

    PpToken hiding(Set<String> names) {
        return new PpToken(kind, text, names);
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isChar(char c) {
        return kind == Kind.OTHER && text.charAt(0) == c;
    }

    static String join(List<PpToken> tokens) {
        StringBuilder sb = new StringBuilder();
        for (PpToken t : tokens) {
            sb.append(t.text);
        }
        return sb.toString();
    }
}
