package dev.ringscope.replay;

import java.util.List;

/**
 * What the guest has printed so far, as a view shows it: the last {@link #LIMIT} characters, and how
 * many came before them. Views share the text's pieces, so a view every few thousand events stays
 * cheap; the text is joined when first asked for.
 */
public final class ConsoleText {

    /** The most a view shows: 64 KiB of text (one char per byte written). */
    public static final int LIMIT = 64 * 1024;

    static final ConsoleText EMPTY = new ConsoleText(List.of(), 0);

    private final List<String> pieces;
    private final long total;
    private final int shown;
    private String text;

    ConsoleText(List<String> pieces, long total) {
        this.pieces = List.copyOf(pieces);
        this.total = total;
        int held = 0;
        for (String piece : this.pieces) {
            held += piece.length();
        }
        this.shown = Math.min(held, LIMIT);
    }

    /** The last {@link #LIMIT} characters printed (all of them if fewer). */
    public String text() {
        String t = text;
        if (t == null) {
            StringBuilder all = new StringBuilder();
            for (String piece : pieces) {
                all.append(piece);
            }
            t = all.substring(all.length() - shown);
            text = t;
        }
        return t;
    }

    /** Characters printed before {@link #text()} begins. */
    public long dropped() {
        return total - shown;
    }

    /** Every character the guest printed, shown or dropped. */
    public long total() {
        return total;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsoleText c && total == c.total && text().equals(c.text());
    }

    @Override
    public int hashCode() {
        return text().hashCode() * 31 + Long.hashCode(total);
    }

    @Override
    public String toString() {
        return dropped() == 0 ? text() : "[" + dropped() + " chars dropped]" + text();
    }
}
