package dev.ringscope.trace;

import static dev.ringscope.trace.EventKind.*;

import dev.ringscope.trace.LineFields.LineProblem;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The records inside one chunk of a {@code .rstrace} file, written and read side by side so the two
 * cannot drift apart (docs/trace-format.md, "Records"). A record is a tag byte, the cycle as a
 * zigzag varint relative to the previous record's, then its fields: an instruction as its address
 * relative to where the previous one ended and its bytes (or "the same bytes as last time at this
 * address"), a register write relative to that register's last value, and every other kind as the
 * ints of {@link EventLayout}, each relative to the same int of the previous event of that kind.
 * Strings are defined once per chunk by a tag-0 record and then named by number.
 *
 * <p>Everything a record is relative to starts afresh in each chunk ({@link #reset()}), so a chunk
 * decodes without the ones before it. One coder writes or reads one stream, never both.
 */
final class ChunkCoder {

    static final int STRING_TAG = 0;
    /** The longest string a trace holds, in UTF-8 bytes. */
    static final int MAX_STRING_BYTES = 16 << 20;

    /** Tags are the file's own numbers, independent of the order of {@link EventKind}'s constants. */
    private static final EventKind[] KIND_OF_TAG = {null, INSTRUCTION_RETIRED, REGISTER_WRITE, MEMORY_ACCESS,
            RING_TRANSITION, EXCEPTION_RAISED, INTERRUPT_DELIVERED, SYSTEM_CALL, IO_ACCESS, VM_EXIT, VM_ENTRY,
            HYPERCALL, EMULATED_INSTRUCTION, BLOCK_TRANSLATED, TRANSLATION_INVALIDATED, VIRTUALIZATION_HOLE,
            CONSOLE_OUTPUT, GUEST_HALTED, RUN_ENDED};
    private static final int[] TAG_OF_KIND = new int[EventKind.count()];
    private static final int REGISTERS = ArchRegister.values().length;
    private static final int CACHE_BITS = 12;

    static {
        for (int tag = 1; tag < KIND_OF_TAG.length; tag++) {
            TAG_OF_KIND[KIND_OF_TAG[tag].ordinal()] = tag;
        }
    }

    /** A record that cannot be read; cheap to throw (no stack trace). */
    static final class ChunkProblem extends Exception {
        ChunkProblem(String message) {
            super(message, null, false, false);
        }
    }

    private long cycle;
    private int nextEip;
    private long instructionsRead;
    private final int[] registers = new int[REGISTERS];
    private final int[][] previous = new int[EventKind.count()][EventLayout.MAX_INTS];
    private final int[] ints = new int[EventLayout.MAX_INTS + 4];
    /** The bytes last seen at an address, by a hash of the address: most instructions run again soon. */
    private final int[] cachedEip = new int[1 << CACHE_BITS];
    private final byte[][] cachedBytes = new byte[1 << CACHE_BITS][];
    private StringTable strings = new StringTable();
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder();

    /** Starts a new chunk: nothing before it is referred to. */
    void reset() {
        cycle = 0;
        nextEip = 0;
        instructionsRead = 0;
        Arrays.fill(registers, 0);
        for (int[] p : previous) {
            Arrays.fill(p, 0);
        }
        Arrays.fill(cachedBytes, null);
        strings = new StringTable();
    }

    private static int slot(int eip) {
        return (eip * 0x9E37_79B1) >>> (32 - CACHE_BITS);
    }

    // ---- writing -------------------------------------------------------------------------------

    void writeInstruction(ByteOut out, long cycle, int eip, int cpl, byte[] code) {
        EventLayout.checkInstruction(cpl, code.length);
        int slot = slot(eip);
        boolean repeat = cachedBytes[slot] != null && cachedEip[slot] == eip && Arrays.equals(cachedBytes[slot], code);
        writeStart(out, INSTRUCTION_RETIRED, cycle);
        out.varint((cpl & 0xFFFF_FFFFL) << 5 | (repeat ? 16 : 0) | code.length);
        out.varint(zigzag(eip - nextEip));
        if (!repeat) {
            out.bytes(code, 0, code.length);
            cachedEip[slot] = eip;
            cachedBytes[slot] = code.clone();
        }
        nextEip = eip + code.length;
    }

    void writeRegister(ByteOut out, long cycle, ArchRegister register, int value) {
        if (register == null) {
            throw new IllegalArgumentException("register is null");
        }
        int r = register.ordinal();
        writeStart(out, REGISTER_WRITE, cycle);
        out.varint(r);
        out.varint(zigzag(value - registers[r]));
        registers[r] = value;
    }

    void writeMemory(ByteOut out, long cycle, int linear, int physical, int size, int value, boolean write) {
        int n = EventLayout.encodeMemoryAccess(ints, 0, linear, physical, size, value, write);
        writeInts(out, MEMORY_ACCESS, cycle, n);
    }

    /** Any event; the three kinds above go their own way without a record. */
    void write(ByteOut out, Event e) {
        if (e instanceof Event.InstructionRetired i) {
            if (i.bytes() == null) {
                throw new IllegalArgumentException("bytes is null");
            }
            writeInstruction(out, i.cycle(), i.eip(), i.cpl(), i.bytes());
        } else if (e instanceof Event.RegisterWrite r) {
            writeRegister(out, r.cycle(), r.register(), r.value());
        } else if (e instanceof Event.MemoryAccess m) {
            writeMemory(out, m.cycle(), m.linear(), m.physical(), m.size(), m.value(), m.write());
        } else {
            EventLayout.check(e); // before any string is taken in, so a refused event leaves no trace
            int known = strings.size();
            int n = EventLayout.encodeOther(e, ints, 0, strings);
            for (int id = known; id < strings.size(); id++) {
                writeString(out, strings.get(id));
            }
            writeInts(out, EventKind.of(e), e.cycle(), n);
        }
    }

    private void writeInts(ByteOut out, EventKind kind, long cycle, int n) {
        if (n != EventLayout.width(kind)) {
            throw new IllegalStateException(kind + " takes " + EventLayout.width(kind) + " ints, not " + n);
        }
        writeStart(out, kind, cycle);
        int[] before = previous[kind.ordinal()];
        for (int i = 0; i < n; i++) {
            out.varint(zigzag(ints[i] - before[i]));
            before[i] = ints[i];
        }
    }

    private void writeStart(ByteOut out, EventKind kind, long cycle) {
        out.put(TAG_OF_KIND[kind.ordinal()]);
        out.varint(zigzag64(cycle - this.cycle));
        this.cycle = cycle;
    }

    /**
     * UTF-8, or for the rare string UTF-8 cannot hold as it is (a lone surrogate) its chars as they
     * are, two bytes each, little-endian.
     */
    private void writeString(ByteOut out, String s) {
        boolean utf16 = !utf8.canEncode(s);
        byte[] bytes = utf16 ? chars(s) : s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("a string of " + bytes.length + " bytes is longer than a trace holds ("
                    + MAX_STRING_BYTES + ")");
        }
        out.put(STRING_TAG);
        out.varint((long) bytes.length << 1 | (utf16 ? 1 : 0));
        out.bytes(bytes, 0, bytes.length);
    }

    // ---- reading -------------------------------------------------------------------------------

    /**
     * Reads one record; an event goes to {@code sink} numbered {@code seq}. Returns whether it was an
     * event (false for a string definition). Every value is checked as the JSON Lines reader checks it.
     */
    boolean read(ByteIn in, long seq, EventSink sink) throws ChunkProblem {
        int tag = in.get();
        if (tag == STRING_TAG) {
            readString(in);
            return false;
        }
        if (tag >= KIND_OF_TAG.length) {
            throw new ChunkProblem("unknown record tag " + tag);
        }
        EventKind kind = KIND_OF_TAG[tag];
        cycle += unzigzag64(in.varint());
        if (cycle < 0) {
            throw new ChunkProblem("cycle " + cycle + "; a cycle count is not negative");
        }
        switch (kind) {
            case INSTRUCTION_RETIRED -> readInstruction(in, seq, sink);
            case REGISTER_WRITE -> {
                long r = in.varint();
                if (r >= REGISTERS) {
                    throw new ChunkProblem("register number " + r + " names no register");
                }
                registers[(int) r] += unzigzag(in.varint());
                sink.registerWrite(seq, cycle, ArchRegister.of((int) r), registers[(int) r]);
            }
            default -> readInts(in, kind, seq, sink);
        }
        return true;
    }

    private void readInstruction(ByteIn in, long seq, EventSink sink) throws ChunkProblem {
        long head = in.varint();
        long cpl = head >>> 5;
        int length = (int) head & 15;
        if (cpl > 3) {
            throw new ChunkProblem("cpl " + cpl + "; the CPL is 0 to 3");
        }
        if (length == 0) {
            throw new ChunkProblem("an instruction of no bytes; an instruction has 1 to 15 bytes");
        }
        int eip = nextEip + unzigzag(in.varint());
        int slot = slot(eip);
        byte[] code;
        if ((head & 16) != 0) {
            code = cachedBytes[slot];
            if (code == null || cachedEip[slot] != eip || code.length != length) {
                throw new ChunkProblem("'the same bytes as before' at 0x" + Integer.toHexString(eip)
                        + ", where no instruction of " + length + " bytes was before");
            }
        } else {
            code = in.bytes(length);
            cachedEip[slot] = eip;
            cachedBytes[slot] = code;
        }
        nextEip = eip + length;
        instructionsRead++;
        sink.instructionRetired(seq, cycle, eip, (int) cpl, code);
    }

    /** Instructions read since {@link #reset()}. */
    long instructionsRead() {
        return instructionsRead;
    }

    private void readInts(ByteIn in, EventKind kind, long seq, EventSink sink) throws ChunkProblem {
        int n = EventLayout.width(kind);
        int[] before = previous[kind.ordinal()];
        for (int i = 0; i < n; i++) {
            before[i] += unzigzag(in.varint());
        }
        Event e;
        try {
            e = EventLayout.decode(kind, seq, cycle, before, 0, strings);
            EventJson.checkValues(e);
        } catch (IndexOutOfBoundsException x) { // an enum ordinal or string number out of range
            throw new ChunkProblem(kind.jsonName() + ": a field names no value (" + x.getMessage() + ")");
        } catch (LineProblem x) {
            throw new ChunkProblem(kind.jsonName() + ": " + x.getMessage());
        }
        if (e instanceof Event.MemoryAccess m) {
            sink.memoryAccess(seq, m.cycle(), m.linear(), m.physical(), m.size(), m.value(), m.write());
        } else {
            sink.accept(e);
        }
    }

    private void readString(ByteIn in) throws ChunkProblem {
        long head = in.varint();
        long length = head >>> 1;
        if (length > MAX_STRING_BYTES || ((head & 1) != 0 && (length & 1) != 0)) {
            throw new ChunkProblem("a string of " + length + " bytes");
        }
        byte[] bytes = in.bytes((int) length);
        String s = (head & 1) != 0 ? fromChars(bytes) : new String(bytes, StandardCharsets.UTF_8);
        int expected = strings.size();
        if (strings.intern(s) != expected) {
            throw new ChunkProblem("string " + expected + " repeats string " + strings.intern(s));
        }
    }

    private static byte[] chars(String s) {
        byte[] b = new byte[s.length() * 2];
        for (int i = 0; i < s.length(); i++) {
            b[2 * i] = (byte) s.charAt(i);
            b[2 * i + 1] = (byte) (s.charAt(i) >>> 8);
        }
        return b;
    }

    private static String fromChars(byte[] b) {
        char[] c = new char[b.length / 2];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) ((b[2 * i] & 0xFF) | (b[2 * i + 1] & 0xFF) << 8);
        }
        return new String(c);
    }

    // ---- numbers -------------------------------------------------------------------------------

    static int zigzag(int v) {
        return (v << 1) ^ (v >> 31);
    }

    static long zigzag64(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /** The int a zigzag varint holds; bits above 32 are ignored as the writer never sets them. */
    static int unzigzag(long v) {
        int u = (int) v;
        return (u >>> 1) ^ -(u & 1);
    }

    static long unzigzag64(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** A growing byte buffer with LEB128 varints. */
    static final class ByteOut {
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

    /** Reading a chunk's bytes; running off the end is a {@link ChunkProblem}, not an exception. */
    static final class ByteIn {
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
}
