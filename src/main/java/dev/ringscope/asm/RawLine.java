package dev.ringscope.asm;

import java.util.ArrayList;
import java.util.List;

/** A logical source line before preprocessing: continuations joined, comment removed. */
record RawLine(String text, SourcePos pos) {

    /** Splits a file into logical lines. NASM joins a line ending in {@code \} before it strips comments. */
    static List<RawLine> split(String file, String text) {
        String content = SourceText.withoutByteOrderMark(text); // as the trace reader accepts one
        List<RawLine> lines = new ArrayList<>();
        StringBuilder joined = new StringBuilder();
        int firstLine = 0;
        int lineNumber = 0;
        int start = 0;
        while (start <= content.length()) {
            int end = content.indexOf('\n', start);
            if (end < 0) {
                end = content.length();
            }
            lineNumber++;
            String physical = stripTrailing(content.substring(start, end));
            if (joined.length() == 0) {
                firstLine = lineNumber;
            }
            boolean continued = physical.endsWith("\\");
            joined.append(continued ? physical.substring(0, physical.length() - 1) : physical);
            if (!continued || end == content.length()) {
                lines.add(new RawLine(stripComment(joined.toString()), new SourcePos(file, firstLine, 1)));
                joined.setLength(0);
            }
            start = end + 1;
        }
        return lines;
    }

    /** Removes a {@code ;} comment that is outside quotes, and trailing blanks. */
    static String stripComment(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ';') {
                return stripTrailing(text.substring(0, i));
            }
            if (QuotedString.isQuote(c)) {
                i = QuotedString.skip(text, i) - 1;
            }
        }
        return stripTrailing(text);
    }

    static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Column (1-based) of {@code needle} in the text, or 1 if absent: good enough to point at a word. */
    int columnOf(String needle) {
        int i = text.indexOf(needle);
        return i < 0 ? 1 : i + 1;
    }

    SourcePos posOf(String needle) {
        return pos.withColumn(columnOf(needle));
    }
}
