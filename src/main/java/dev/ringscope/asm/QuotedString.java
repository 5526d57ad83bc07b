package dev.ringscope.asm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * NASM strings: '...' and "..." are taken literally; `...` understands C-style escapes.
 * The decoded content is kept one char per byte, so {@code db} can emit it unchanged.
 */
final class QuotedString {

    /** The decoded bytes as a string, and the index just after the closing quote; end == -1 if unterminated. */
    record Result(String content, int end) {
    }

    private QuotedString() {
    }

    static boolean isQuote(char c) {
        return c == '\'' || c == '"' || c == '`';
    }

    /** Reads the string whose opening quote is at {@code start}. */
    static Result read(String line, int start) {
        char quote = line.charAt(start);
        if (quote != '`') {
            int close = line.indexOf(quote, start + 1);
            if (close < 0) {
                return new Result(bytesAsText(SourceText.encode(line.substring(start + 1))), -1);
            }
            return new Result(bytesAsText(SourceText.encode(line.substring(start + 1, close))), close + 1);
        }
        return readBackquoted(line, start + 1);
    }

    /** Index just after the string starting at {@code start}, or the line's length if unterminated. */
    static int skip(String line, int start) {
        char quote = line.charAt(start);
        for (int i = start + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '`' && c == '\\') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        return line.length();
    }

    static long littleEndianValue(String content) {
        long value = 0;
        for (int i = 0; i < Math.min(8, content.length()); i++) {
            value |= (long) (content.charAt(i) & 0xFF) << (8 * i);
        }
        return value;
    }

    private static Result readBackquoted(String line, int i) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '`') {
                return new Result(bytesAsText(out.toByteArray()), i + 1);
            }
            if (c == '\\' && i + 1 < line.length()) {
                i = escape(line, i + 1, out);
            } else {
                int cp = line.codePointAt(i);
                out.writeBytes(SourceText.encode(line.substring(i, i + Character.charCount(cp))));
                i += Character.charCount(cp);
            }
        }
        return new Result(bytesAsText(out.toByteArray()), -1);
    }

    /** Decodes the escape whose letter is at {@code i}; returns the index after it. */
    private static int escape(String line, int i, ByteArrayOutputStream out) {
        char e = line.charAt(i);
        switch (e) {
            case 'n' -> out.write('\n');
            case 't' -> out.write('\t');
            case 'r' -> out.write('\r');
            case 'a' -> out.write(7);
            case 'b' -> out.write(8);
            case 'f' -> out.write(12);
            case 'v' -> out.write(11);
            case 'e' -> out.write(27);
            case 'x' -> {
                int end = hexEnd(line, i + 1, 2);
                out.write(end > i + 1 ? Integer.parseInt(line.substring(i + 1, end), 16) : 0);
                return end;
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int end = i;
                    while (end < line.length() && end < i + 3 && line.charAt(end) >= '0' && line.charAt(end) <= '7') {
                        end++;
                    }
                    out.write(Integer.parseInt(line.substring(i, end), 8) & 0xFF);
                    return end;
                }
                out.write(e); // \\ \' \" \` and anything else stand for themselves
            }
        }
        return i + 1;
    }

    private static int hexEnd(String line, int from, int maxDigits) {
        int end = from;
        while (end < line.length() && end < from + maxDigits && Character.digit(line.charAt(end), 16) >= 0) {
            end++;
        }
        return end;
    }

    private static String bytesAsText(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
