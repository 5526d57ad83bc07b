package dev.ringscope.trace;

import java.util.Arrays;

/** A growing byte buffer with LEB128 varints. */
final class ByteOut {
    byte[] buf;
    int size;

    ByteOut(int capacity) {
        buf = new byte[capacity];
    }

    void put(int b) {
        if (size == buf.length) {
            grow(1);
        }
        buf[size++] = (byte) b;
    }

    /** Zigzag ints are passed as their unsigned value. */
    void varint(int v) {
        varint(v & 0xFFFF_FFFFL);
    }

    void varint(long v) {
        if (size + 10 > buf.length) {
            grow(10);
        }
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    void bytes(byte[] b, int off, int len) {
        if (size + len > buf.length) {
            grow(len);
        }
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    private void grow(int more) {
        buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(buf.length * 2L, size + (long) more)));
    }
}
