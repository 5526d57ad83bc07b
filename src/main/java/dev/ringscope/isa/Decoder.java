package dev.ringscope.isa;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads instructions back from bytes, driven by the same {@link FormTable} as the encoder.
 * Bytes that are no instruction of the table decode to an invalid result that the CPU turns into
 * #UD (SDM Vol. 3A §6.15, "Invalid Opcode Exception").
 */
public final class Decoder {

    /** Where the bytes come from: guest memory through the MMU, or a plain array. */
    @FunctionalInterface
    public interface CodeReader {
        /** The byte (0–255) at {@code address}; may throw if the address cannot be read. */
        int byteAt(long address);
    }

    /** Instructions are at most 15 bytes long (SDM Vol. 2A §2.3.11). */
    public static final int MAX_LENGTH = 15;

    @SuppressWarnings("unchecked")
    private static final List<Form>[] ONE_BYTE = new List[256];
    @SuppressWarnings("unchecked")
    private static final List<Form>[] TWO_BYTE = new List[256];

    static {
        for (int i = 0; i < 256; i++) {
            ONE_BYTE[i] = new ArrayList<>();
            TWO_BYTE[i] = new ArrayList<>();
        }
        for (Form f : FormTable.all()) {
            byte[] op = f.opcode();
            int start = f.mandatoryPrefix() != 0 ? 1 : 0;
            boolean twoByte = (op[start] & 0xFF) == 0x0F;
            int key = op[start + (twoByte ? 1 : 0)] & 0xFF;
            List<Form>[] table = twoByte ? TWO_BYTE : ONE_BYTE;
            int variants = f.plusReg() ? 8 : 1;
            for (int r = 0; r < variants; r++) {
                table[key + r].add(f);
            }
        }
    }

    private Decoder() {
    }

    public static Decoded decode(byte[] bytes, int offset, long address) {
        return decode(a -> {
            long i = offset + (a - address);
            if (i < 0 || i >= bytes.length) {
                throw new TruncatedException();
            }
            return bytes[(int) i] & 0xFF;
        }, address);
    }

    public static Decoded decode(CodeReader code, long address) {
        try {
            return decodeOrThrow(code, address);
        } catch (TruncatedException e) {
            return Decoded.invalid(1, "truncated instruction at the end of the code");
        }
    }

    private static Decoded decodeOrThrow(CodeReader code, long address) {
        Cursor c = new Cursor(code, address);
        // SDM Vol. 2A §2.1.1: four prefix groups. Of more than one prefix of a group the last one
        // counts, as on QEMU: the last of F3/F2 (F2 F3 scasb is repe scasb), the last segment
        // override; 66 66 is one 66. LOCK (group 1 too) is a flag of its own there, so F0 F3 and
        // F3 F0 are both lock and rep. 67 switches the address size to 16 bits (a16).
        boolean o16 = false;
        boolean a16 = false;
        boolean lock = false;
        Instruction.Prefix rep = Instruction.Prefix.NONE;
        Register segment = null;
        try {
            while (true) {
                int b = c.peek();
                switch (b) {
                    case 0x66 -> o16 = true;
                    case 0x67 -> a16 = true;
                    case 0xF3 -> rep = Instruction.Prefix.REP;
                    case 0xF2 -> rep = Instruction.Prefix.REPNE;
                    case 0xF0 -> lock = true;
                    case 0x26 -> segment = Register.ES;
                    case 0x2E -> segment = Register.CS;
                    case 0x36 -> segment = Register.SS;
                    case 0x3E -> segment = Register.DS;
                    case 0x64 -> segment = Register.FS;
                    case 0x65 -> segment = Register.GS;
                    default -> {
                        return decodeOpcode(c, o16, a16, rep, lock, segment);
                    }
                }
                c.next();
            }
        } catch (TooLongException e) {
            return Decoded.overLength(); // a 16th prefix byte, or an opcode, ModRM, … byte past the 15th
        }
    }

    private static Decoded decodeOpcode(Cursor c, boolean o16, boolean a16, Instruction.Prefix rep, boolean lock,
                                        Register segment) {
        int opcodeStart = c.pos;
        int b0 = c.next();
        if (b0 >= 0xD8 && b0 <= 0xDF) {
            return FormDecoder.x87Escape(c, b0, a16);
        }
        List<Form> candidates;
        if (b0 == 0x0F) {
            candidates = TWO_BYTE[c.next()];
        } else {
            candidates = ONE_BYTE[b0];
        }
        int afterOpcode = c.pos;
        for (Form form : candidates) {
            c.pos = afterOpcode;
            Decoded d = FormDecoder.tryForm(form, c, o16, a16, rep, lock, segment);
            if (d != null) {
                return d;
            }
        }
        StringBuilder bytes = new StringBuilder();
        for (int i = opcodeStart; i < afterOpcode; i++) {
            bytes.append(String.format("%02X ", c.byteAt(i)));
        }
        return Decoded.invalid(afterOpcode, "invalid opcode " + bytes.toString().trim());
    }

    /** A read position inside one instruction. */
    static final class Cursor {
        final CodeReader code;
        final long address;
        int pos;

        Cursor(CodeReader code, long address) {
            this.code = code;
            this.address = address;
        }

        int peek() {
            if (pos >= MAX_LENGTH) {
                throw new TooLongException();
            }
            return code.byteAt(address + pos);
        }

        int byteAt(int offset) {
            try {
                return code.byteAt(address + offset);
            } catch (TruncatedException e) {
                return 0;
            }
        }

        int next() {
            if (pos >= MAX_LENGTH) {
                throw new TooLongException();
            }
            return code.byteAt(address + pos++);
        }

        long little(int bytes) {
            long v = 0;
            for (int i = 0; i < bytes; i++) {
                v |= (long) next() << (8 * i);
            }
            return v;
        }
    }

    static final class TruncatedException extends RuntimeException {
        TruncatedException() {
            super(null, null, false, false);
        }
    }

    static final class TooLongException extends RuntimeException {
        TooLongException() {
            super(null, null, false, false);
        }
    }
}
