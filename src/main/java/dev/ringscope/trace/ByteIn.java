package dev.ringscope.trace;

import dev.ringscope.trace.ChunkCoder.ChunkProblem;
import java.util.Arrays;

/** Reading a chunk's bytes; running off the end is a {@link ChunkProblem}, not an exception. */
final class ByteIn {
    private final byte[] buf;
    private int pos;
    private final int limit;

    ByteIn(byte[] buf, int limit) {
        this.buf = buf;
        this.limit = limit;
    }

    int position() {
        return pos;
    }

    boolean atEnd() {
        return pos >= limit;
    }

    int get() throws ChunkProblem {
        if (pos >= limit) {
            throw new ChunkProblem("the chunk ends inside a record");
        }
        return buf[pos++] & 0xFF;
    }

    long varint() throws ChunkProblem {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = get();
            v |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return v;
            }
        }
        throw new ChunkProblem("a number longer than 10 bytes");
    }

    byte[] bytes(int length) throws ChunkProblem {
        if (length > limit - pos) {
            throw new ChunkProblem("the chunk ends inside a record");
        }
        byte[] b = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        return b;
    }
}
