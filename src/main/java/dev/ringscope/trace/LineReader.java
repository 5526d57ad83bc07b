package dev.ringscope.trace;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines for the trace reader, counting them and telling whether the last
 * one ended with a newline (a run killed mid-write leaves it cut). A line longer than the limit is
 * read through without being kept. A {@code \r} before the {@code \n} and a UTF-8 byte-order mark
 * at the start are dropped.
 */
final class LineReader {

    private final InputStream in;
    private final int maxLength;
    private byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long number;

    private int start;
    private int length;
    private boolean terminated;
    private boolean tooLong;

    LineReader(InputStream in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    /** Moves to the next line; false at the end of the input. */
    boolean next() throws IOException {
        tooLong = false;
        int scanned = 0;
        while (true) {
            for (int i = pos + scanned; i < limit; i++) {
                if (buffer[i] == '\n') {
                    return take(i, true);
                }
            }
            scanned = limit - pos;
            if (eof) {
                return scanned > 0 && take(limit, false);
            }
            if (scanned > maxLength) {
                skipRestOfLine();
                return true;
            }
            fill();
        }
    }

    byte[] buffer() {
        return buffer;
    }

    int start() {
        return start;
    }

    int length() {
        return length;
    }

    /** The 1-based number of the current line. */
    long number() {
        return number;
    }

    /** Whether the current line ended with a newline (false only for a last line cut short). */
    boolean terminated() {
        return terminated;
    }

    /** Whether the current line was over the limit and so was not kept. */
    boolean tooLong() {
        return tooLong;
    }

    boolean blank() {
        for (int i = start; i < start + length; i++) {
            byte b = buffer[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private boolean take(int end, boolean newline) {
        number++;
        start = pos;
        length = end - pos;
        terminated = newline;
        pos = newline ? end + 1 : end;
        if (newline && length > 0 && buffer[end - 1] == '\r') {
            length--;
        }
        tooLong = length > maxLength;
        if (number == 1 && length >= 3 && buffer[start] == (byte) 0xEF && buffer[start + 1] == (byte) 0xBB
                && buffer[start + 2] == (byte) 0xBF) {
            start += 3;
            length -= 3;
        }
        return true;
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(buffer.length * 2L, maxLength + 1L));
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    private void skipRestOfLine() throws IOException {
        number++;
        tooLong = true;
        start = 0;
        length = 0;
        pos = 0;
        limit = 0;
        while (true) {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                eof = true;
                terminated = false;
                return;
            }
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    pos = i + 1;
                    limit = n;
                    terminated = true;
                    return;
                }
            }
        }
    }
}
