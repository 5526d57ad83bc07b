package dev.ringscope.replay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The console text a {@link ViewBuilder} keeps: full pieces of {@link #PIECE} chars, shared by every
 * copy and every view, and the piece being filled. Where pieces end depends only on the text, never
 * on when copies were taken, so a view from a checkpoint equals a view from the start.
 */
final class ConsoleBuffer {

    static final int PIECE = 1024;

    private final ArrayDeque<String> full;
    private final StringBuilder filling;
    private long total;

    ConsoleBuffer() {
        full = new ArrayDeque<>();
        filling = new StringBuilder();
    }

    private ConsoleBuffer(ConsoleBuffer from) {
        full = new ArrayDeque<>(from.full);
        filling = new StringBuilder(from.filling);
        total = from.total;
    }

    void append(String text) {
        for (int i = 0; i < text.length(); i++) {
            filling.append(text.charAt(i));
            if (filling.length() == PIECE) {
                full.addLast(filling.toString());
                filling.setLength(0);
                // keep at least LIMIT chars, at most LIMIT + PIECE - 1
                while ((full.size() - 1) * PIECE >= ConsoleText.LIMIT) {
                    full.removeFirst();
                }
            }
        }
        total += text.length();
    }

    ConsoleBuffer copy() {
        return new ConsoleBuffer(this);
    }

    ConsoleText text() {
        if (total == 0) {
            return ConsoleText.EMPTY;
        }
        List<String> pieces = new ArrayList<>(full.size() + 1);
        pieces.addAll(full);
        pieces.add(filling.toString());
        return new ConsoleText(pieces, total);
    }
}
