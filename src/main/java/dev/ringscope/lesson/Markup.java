package dev.ringscope.lesson;

import java.util.ArrayList;
import java.util.List;

/**
 * The tiny markup of a lesson's text (docs/lesson-format.md): {@code **bold**} and {@code `code`},
 * nothing else. Inside code, everything is literal (so {@code `**`} shows two stars); bold may hold
 * code. A text is checked once, when the lesson is read: an unclosed marker is an error, not a
 * surprise on the projector.
 *
 * @param source the text as written
 * @param spans  the text cut into runs of one style, in order; never empty for a non-empty text
 */
public record Markup(String source, List<Span> spans) {

    /** A run of text in one style. */
    public record Span(String text, boolean bold, boolean code) {
    }

    public Markup {
        spans = List.copyOf(spans);
    }

    /** The text without markers, as a screen reader or a plain-text export says it. */
    public String plain() {
        StringBuilder sb = new StringBuilder();
        spans.forEach(s -> sb.append(s.text()));
        return sb.toString();
    }

    /**
     * Reads {@code text}.
     *
     * @throws IllegalArgumentException what is wrong ("a ** at character 12 is never closed"), for the reader's message
     */
    public static Markup parse(String text) {
        List<Span> spans = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        boolean bold = false;
        int boldAt = -1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '`') {
                int end = text.indexOf('`', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("the ` at character " + (i + 1) + " is never closed");
                }
                if (end == i + 1) {
                    throw new IllegalArgumentException("empty code `` at character " + (i + 1));
                }
                flush(spans, run, bold, false);
                spans.add(new Span(text.substring(i + 1, end), bold, true));
                i = end + 1;
            } else if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                flush(spans, run, bold, false);
                bold = !bold;
                boldAt = i;
                i += 2;
            } else {
                run.append(c);
                i++;
            }
        }
        if (bold) {
            throw new IllegalArgumentException("the ** at character " + (boldAt + 1) + " is never closed");
        }
        flush(spans, run, false, false);
        return new Markup(text, spans);
    }

    private static void flush(List<Span> spans, StringBuilder run, boolean bold, boolean code) {
        if (run.length() > 0) {
            spans.add(new Span(run.toString(), bold, code));
            run.setLength(0);
        }
    }
}
