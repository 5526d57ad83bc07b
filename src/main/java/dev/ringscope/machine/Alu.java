package dev.ringscope.machine;

/**
 * Arithmetic with the SDM's flag rules (Vol. 1 Appendix A, Vol. 2 instruction pages). Each method
 * returns the result and updates the arithmetic flags in {@code cpu}; where the SDM leaves a flag
 * undefined, the value QEMU's TCG produces is used, so runs compare with QEMU.
 */
final class Alu {

    private static final byte[] PARITY = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            PARITY[i] = (byte) (Integer.bitCount(i) % 2 == 0 ? Cpu.PF : 0);
        }
    }

    private Alu() {
    }

    static int mask(int size) {
        return size == 4 ? -1 : size == 2 ? 0xFFFF : 0xFF;
    }

    static int signBit(int size) {
        return size == 4 ? 0x8000_0000 : size == 2 ? 0x8000 : 0x80;
    }

    /** ZF, SF and PF of a result; everything else clear. */
    static int szp(int result, int size) {
        int r = result & mask(size);
        return (r == 0 ? Cpu.ZF : 0) | ((r & signBit(size)) != 0 ? Cpu.SF : 0) | PARITY[r & 0xFF];
    }

    static int add(Cpu cpu, int a, int b, int carryIn, int size) {
        int r = (a + b + carryIn) & mask(size);
        cpu.lazyFlags(Cpu.LAZY_ADD, a, b, carryIn, r, size);
        return r;
    }

    static int sub(Cpu cpu, int a, int b, int borrowIn, int size) {
        int r = (a - b - borrowIn) & mask(size);
        cpu.lazyFlags(Cpu.LAZY_SUB, a, b, borrowIn, r, size);
        return r;
    }

    /** AND, OR, XOR, TEST: CF = OF = 0 (SDM), AF = 0 (undefined; QEMU clears it). */
    static int logic(Cpu cpu, int r, int size) {
        r &= mask(size);
        cpu.lazyFlags(Cpu.LAZY_LOGIC, 0, 0, 0, r, size);
        return r;
    }

    /** INC and DEC leave CF alone. */
    static int incDec(Cpu cpu, int a, boolean inc, int size) {
        int r = (inc ? a + 1 : a - 1) & mask(size);
        cpu.lazyIncDec(inc, a, r, size);
        return r;
    }

    static int neg(Cpu cpu, int a, int size) {
        return sub(cpu, 0, a, 0, size);
    }

    /**
     * RCL/RCR's OF: the SDM defines it for 1-bit rotates only (RCL: MSB(result) ^ CF, RCR: MSB(operand)
     * ^ CF, both equal to MSB(operand ^ result) then); QEMU (helper_rcl/helper_rcr) gives MSB(operand ^
     * result) for every count.
     */
    private static int rotateThroughCarryOf(int a, int r, int sb) {
        return ((a ^ r) & sb) != 0 ? Cpu.OF : 0;
    }

    /**
     * Shifts and rotates (SDM Vol. 2B SAL/SAR/SHL/SHR, RCL/RCR/ROL/ROR). A masked count of 0
     * changes nothing, flags included.
     */
    static int shift(Cpu cpu, dev.ringscope.isa.Mnemonic op, int a, int rawCount, int size) {
        int count = rawCount & 0x1F;
        if (count == 0) {
            return a & mask(size);
        }
        int bits = size * 8;
        int m = mask(size);
        int sb = signBit(size);
        a &= m;
        int flags = cpu.eflags();
        int cf = flags & Cpu.CF;
        int r;
        switch (op) {
            case SHL -> {
                long wide = (a & 0xFFFF_FFFFL) << count;
                r = (int) wide & m;
                cf = count <= bits && ((wide >>> bits) & 1) != 0 ? Cpu.CF : 0;
                int of = ((r & sb) != 0) ^ (cf != 0) ? Cpu.OF : 0;
                flags = (flags & ~Cpu.ARITH_FLAGS) | szp(r, size) | cf | of;
            }
            case SHR -> {
                long ua = a & 0xFFFF_FFFFL;
                r = (int) (ua >>> count) & m;
                cf = ((ua >>> (count - 1)) & 1) != 0 ? Cpu.CF : 0;
                // SDM: OF = the operand's MSB for a 1-bit shift, undefined beyond. QEMU (compute_all_sar on
                // a >> (count - 1)) gives MSB(a >> (count - 1)) ^ MSB(result): 0 for any count > 1
                int of = count == 1 && (a & sb) != 0 ? Cpu.OF : 0;
                flags = (flags & ~Cpu.ARITH_FLAGS) | szp(r, size) | cf | of;
            }
            case SAR -> {
                int signed = size == 4 ? a : size == 2 ? (short) a : (byte) a;
                r = (signed >> Math.min(count, 31)) & m;
                cf = ((signed >> Math.min(count - 1, 31)) & 1) != 0 ? Cpu.CF : 0;
                flags = (flags & ~Cpu.ARITH_FLAGS) | szp(r, size) | cf;
            }
            case ROL -> {
                int c = count % bits;
                r = c == 0 ? a : ((a << c) | (a >>> (bits - c))) & m;
                cf = (r & 1) != 0 ? Cpu.CF : 0;
                int of = ((r & sb) != 0) ^ (cf != 0) ? Cpu.OF : 0;
                flags = (flags & ~(Cpu.CF | Cpu.OF)) | cf | of;
            }
            case ROR -> {
                int c = count % bits;
                r = c == 0 ? a : ((a >>> c) | (a << (bits - c))) & m;
                cf = (r & sb) != 0 ? Cpu.CF : 0;
                int of = ((r & sb) != 0) ^ ((r & (sb >>> 1)) != 0) ? Cpu.OF : 0;
                flags = (flags & ~(Cpu.CF | Cpu.OF)) | cf | of;
            }
            case RCL -> {
                int c = count % (bits + 1);
                if (c == 0) {
                    return a; // QEMU (helper_rcl): a rotation by a multiple of size + 1 changes no flag
                }
                long v = (a & 0xFFFF_FFFFL) | (cf != 0 ? 1L << bits : 0);
                for (int i = 0; i < c; i++) {
                    long top = (v >>> bits) & 1;
                    v = ((v << 1) | top) & ((1L << (bits + 1)) - 1);
                }
                r = (int) v & m;
                cf = ((v >>> bits) & 1) != 0 ? Cpu.CF : 0;
                flags = (flags & ~(Cpu.CF | Cpu.OF)) | cf | rotateThroughCarryOf(a, r, sb);
            }
            case RCR -> {
                int c = count % (bits + 1);
                if (c == 0) {
                    return a; // as for RCL
                }
                long v = (a & 0xFFFF_FFFFL) | (cf != 0 ? 1L << bits : 0);
                for (int i = 0; i < c; i++) {
                    long low = v & 1;
                    v = (v >>> 1) | (low << bits);
                }
                r = (int) v & m;
                cf = ((v >>> bits) & 1) != 0 ? Cpu.CF : 0;
                flags = (flags & ~(Cpu.CF | Cpu.OF)) | cf | rotateThroughCarryOf(a, r, sb);
            }
            default -> throw new IllegalArgumentException(op + " is not a shift");
        }
        cpu.setEflags(flags);
        return r;
    }
}
