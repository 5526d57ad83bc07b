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
    private static final int INSTRUCTION_TAG = 1;
    /** An instruction with a CPL outside 0 … 3: written if a trace holds one, refused when read. */
    private static final int ODD_INSTRUCTION_TAG = 19;
    /** Kinds added after the odd instruction's tag take the tags after it. */
    private static final int VM_SWITCH_TAG = 20;
    /** A record's first byte holds the cycle's advance below this; this value says a varint follows. */
    private static final int LONG_ADVANCE = 7;
    /** The longest string a trace holds, in UTF-8 bytes. */
    static final int MAX_STRING_BYTES = 16 << 20;

    /** Tags are the file's own numbers, independent of the order of {@link EventKind}'s constants. */
    private static final EventKind[] KIND_OF_TAG = {null, INSTRUCTION_RETIRED, REGISTER_WRITE, MEMORY_ACCESS,
            RING_TRANSITION, EXCEPTION_RAISED, INTERRUPT_DELIVERED, SYSTEM_CALL, IO_ACCESS, VM_EXIT, VM_ENTRY,
            HYPERCALL, EMULATED_INSTRUCTION, BLOCK_TRANSLATED, TRANSLATION_INVALIDATED, VIRTUALIZATION_HOLE,
            CONSOLE_OUTPUT, GUEST_HALTED, RUN_ENDED, null, VM_SWITCH};
    private static final int[] TAG_OF_KIND = new int[EventKind.count()];
    private static final int REGISTERS = ArchRegister.values().length;
    private static final int CACHE_BITS = 12;

    static {
        for (int tag = 1; tag < KIND_OF_TAG.length; tag++) {
            if (KIND_OF_TAG[tag] != null) {
                TAG_OF_KIND[KIND_OF_TAG[tag].ordinal()] = tag;
            }
        }
        assert KIND_OF_TAG[VM_SWITCH_TAG] == VM_SWITCH && KIND_OF_TAG[ODD_INSTRUCTION_TAG] == null;
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
    /** Reports bytes that are not UTF-8 rather than replacing them. */
    private final java.nio.charset.CharsetDecoder utf8Decoder = StandardCharsets.UTF_8.newDecoder();

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
        boolean predicted = eip == nextEip;
        if (cpl >= 0 && cpl <= 3) {
            writeStart(out, INSTRUCTION_TAG, cycle);
            out.put(cpl << 6 | (predicted ? 32 : 0) | (repeat ? 16 : 0) | code.length);
        } else { // no machine retires one; kept only so that what a Trace holds can always be written
            writeStart(out, ODD_INSTRUCTION_TAG, cycle);
            out.varint((cpl & 0xFFFF_FFFFL) << 6 | (predicted ? 32 : 0) | (repeat ? 16 : 0) | code.length);
        }
        if (!predicted) {
            out.varint(zigzag(eip - nextEip));
        }
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
        writeStart(out, TAG_OF_KIND[REGISTER_WRITE.ordinal()], cycle);
        out.varint(r);
        out.varint(zigzag(value - registers[r]));
        registers[r] = value;
    }

    /** As the other kinds, but the physical address relative to the linear one (paging keeps that mostly the same). */
    void writeMemory(ByteOut out, long cycle, int linear, int physical, int size, int value, boolean write) {
        int n = EventLayout.encodeMemoryAccess(ints, 0, linear, physical, size, value, write);
        ints[1] -= linear;
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
            EventLayout.check(e);
            int known = strings.size();
            int mark = out.size;
            int n;
            try {
                n = EventLayout.encodeOther(e, ints, 0, strings);
                for (int id = known; id < strings.size(); id++) {
                    writeString(out, strings.get(id));
                }
            } catch (IllegalArgumentException refused) { // a string too long: the chunk is as it was
                out.size = mark;
                StringTable kept = new StringTable();
                for (int id = 0; id < known; id++) {
                    kept.intern(strings.get(id));
                }
                strings = kept;
                throw refused;
            }
            writeInts(out, EventKind.of(e), e.cycle(), n);
        }
    }

    private void writeInts(ByteOut out, EventKind kind, long cycle, int n) {
        if (n != EventLayout.width(kind)) {
            throw new IllegalStateException(kind + " takes " + EventLayout.width(kind) + " ints, not " + n);
        }
        writeStart(out, TAG_OF_KIND[kind.ordinal()], cycle);
        int[] before = previous[kind.ordinal()];
        for (int i = 0; i < n; i++) {
            out.varint(zigzag(ints[i] - before[i]));
            before[i] = ints[i];
        }
    }

    /** The tag in the low 5 bits; above it the cycle's advance when it is 0 to 6, else 7 and a varint follows. */
    private void writeStart(ByteOut out, int tag, long cycle) {
        long advance = cycle - this.cycle;
        if (advance >= 0 && advance < LONG_ADVANCE) {
            out.put((int) advance << 5 | tag);
        } else {
            out.put(LONG_ADVANCE << 5 | tag);
            out.varint(zigzag64(advance));
        }
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
        int first = in.get();
        int tag = first & 31;
        if (first == STRING_TAG) {
            readString(in);
            return false;
        }
        if (tag >= KIND_OF_TAG.length && tag != ODD_INSTRUCTION_TAG || tag == STRING_TAG) {
            throw new ChunkProblem("unknown record tag " + first);
        }
        int advance = first >>> 5;
        cycle += advance < LONG_ADVANCE ? advance : unzigzag64(in.varint());
        if (cycle < 0) {
            throw new ChunkProblem("cycle " + cycle + "; a cycle count is not negative");
        }
        if (tag == INSTRUCTION_TAG || tag == ODD_INSTRUCTION_TAG) {
            readInstruction(in, tag == ODD_INSTRUCTION_TAG ? in.varint() : in.get(), seq, sink);
            return true;
        }
        EventKind kind = KIND_OF_TAG[tag];
        if (kind == REGISTER_WRITE) {
            long r = in.varint();
            if (r >= REGISTERS) {
                throw new ChunkProblem("register number " + r + " names no register");
            }
            registers[(int) r] += unzigzag(in.varint());
            sink.registerWrite(seq, cycle, ArchRegister.of((int) r), registers[(int) r]);
        } else {
            readInts(in, kind, seq, sink);
        }
        return true;
    }

    private void readInstruction(ByteIn in, long head, long seq, EventSink sink) throws ChunkProblem {
        long cpl = head >>> 6;
        int length = (int) head & 15;
        if (cpl > 3) {
            throw new ChunkProblem("cpl " + cpl + "; the CPL is 0 to 3");
        }
        if (length == 0) {
            throw new ChunkProblem("an instruction of no bytes; an instruction has 1 to 15 bytes");
        }
        int eip = (head & 32) != 0 ? nextEip : nextEip + unzigzag(in.varint());
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
        if (kind == MEMORY_ACCESS) {
            int size = before[3] >> 1;
            if (size != 1 && size != 2 && size != 4) {
                throw new ChunkProblem("memoryAccess: field 'size' is " + size + "; an access is 1, 2 or 4 bytes");
            }
            sink.memoryAccess(seq, cycle, before[0], before[0] + before[1], size, before[2], (before[3] & 1) != 0);
            return;
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
        sink.accept(e);
    }

    private void readString(ByteIn in) throws ChunkProblem {
        long head = in.varint();
        long length = head >>> 1;
        if (length > MAX_STRING_BYTES || ((head & 1) != 0 && (length & 1) != 0)) {
            throw new ChunkProblem("a string of " + length + " bytes");
        }
        byte[] bytes = in.bytes((int) length);
        String s;
        try {
            s = (head & 1) != 0 ? fromChars(bytes) : utf8Decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ChunkProblem("string " + strings.size() + " is not UTF-8");
        }
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
}
