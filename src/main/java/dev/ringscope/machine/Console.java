package dev.ringscope.machine;

import dev.ringscope.trace.Event;
import java.nio.charset.StandardCharsets;

/**
 * What the guest printed, from the UART and the debug console alike: kept (up to a limit, so a
 * guest printing forever cannot exhaust memory), passed to a listener as it comes, and recorded
 * as events.
 */
final class Console {

    /** Console text kept for summaries; beyond it the start is kept and the rest counted. */
    static final int LIMIT = 1 << 20;

    private final Machine m;
    private final StringBuilder text = new StringBuilder();
    private long dropped;
    private Machine.ConsoleListener listener;

    Console(Machine m) {
        this.m = m;
    }

    void setListener(Machine.ConsoleListener listener) {
        this.listener = listener;
    }

    void write(int port, int value) {
        m.counters.consoleBytes++;
        if (text.length() < LIMIT) {
            text.append((char) (value & 0xFF));
        } else {
            dropped++;
        }
        if (listener != null) {
            listener.write(port, value & 0xFF);
        }
        if (m.tracing) {
            m.emit(new Event.ConsoleOutput(m.nextSeq(), m.cycles, port,
                    new String(new byte[] {(byte) value}, StandardCharsets.ISO_8859_1)));
        }
    }

    String text() {
        return text.toString();
    }

    int length() {
        return text.length();
    }

    long dropped() {
        return dropped;
    }

    /** Back to what it was at a snapshot. */
    void truncate(int length, long droppedThen) {
        text.setLength(length);
        dropped = droppedThen;
    }
}
