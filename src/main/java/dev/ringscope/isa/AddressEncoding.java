package dev.ringscope.isa;

import java.io.ByteArrayOutputStream;

/**
 * The ModRM, SIB and displacement bytes of a 32-bit memory operand (SDM Vol. 2A §2.1.5,
 * Tables 2-2 and 2-3), chosen as NASM chooses them: no displacement where possible, a byte where
 * it fits, and {@code [ebp]} always with a zero byte since mod 00 rm 101 means "disp32 only".
 */
record AddressEncoding(int mod, int rm, int sib, int displacement, int displacementLength) {

    private static final int NO_SIB = -1;

    /** Why the operand cannot be encoded in 32-bit addressing (or 16-bit, for 16-bit registers), or null if it can. */
    static String problem(Operand.Mem m) {
        if (m.isSixteenBit()) {
            return rm16(m) < 0 ? "invalid effective address: 16-bit addressing takes [bx|bp + si|di + disp] only"
                    : null;
        }
        if (m.base() != null && (!m.base().isGeneral() || m.base().size() != 4)) {
            return "invalid effective address: " + m.base() + " cannot be a base register in 32-bit addressing";
        }
        if (m.index() != null && (!m.index().isGeneral() || m.index().size() != 4)) {
            return "invalid effective address: " + m.index() + " cannot be an index register in 32-bit addressing";
        }
        Operand.Mem n = normalize(m);
        if (n.index() == Register.ESP) {
            return "invalid effective address: esp cannot be scaled";
        }
        return null;
    }

    /**
     * NASM's rewrites: {@code [eax*1]} is {@code [eax]}, {@code [eax*2]} is {@code [eax+eax]},
     * and an unscaled esp index trades places with the base (esp cannot be an index).
     */
    static Operand.Mem normalize(Operand.Mem m) {
        Register base = m.base();
        Register index = m.index();
        int scale = m.scale();
        if (index != null && base == null && (scale == 1 || scale == 2)) {
            base = index;
            if (scale == 1) {
                index = null;
            }
            scale = 1;
        }
        if (index == Register.ESP && scale == 1 && base != Register.ESP) {
            index = base;
            base = Register.ESP;
        }
        if (index == null) {
            scale = 1;
        }
        return new Operand.Mem(m.size(), m.segment(), base, index, scale, m.displacement(), m.far());
    }

    /**
     * The ModRM.rm of a 16-bit address (SDM Vol. 2A Table 2-1): [bx+si] 0, [bx+di] 1, [bp+si] 2,
     * [bp+di] 3, [si] 4, [di] 5, [bp] 6 (mod 00 rm 110 is [disp16]), [bx] 7; -1 for any other.
     */
    static int rm16(Operand.Mem m) {
        Register a = m.base();
        Register b = m.index();
        if (m.scale() != 1 || a != null && (!a.isGeneral() || a.size() != 2)
                || b != null && (!b.isGeneral() || b.size() != 2)) {
            return -1;
        }
        boolean bx = a == Register.BX || b == Register.BX;
        boolean bp = a == Register.BP || b == Register.BP;
        boolean si = a == Register.SI || b == Register.SI;
        boolean di = a == Register.DI || b == Register.DI;
        int named = (a == null ? 0 : 1) + (b == null ? 0 : 1);
        int known = (bx ? 1 : 0) + (bp ? 1 : 0) + (si ? 1 : 0) + (di ? 1 : 0);
        if (known != named || bx && bp || si && di) {
            return -1; // another register, or the same one twice, or two bases or two indexes
        }
        if (bx || bp) {
            return !si && !di ? (bx ? 7 : 6) : (bx ? 0 : 2) + (di ? 1 : 0);
        }
        return si ? 4 : di ? 5 : -1;
    }

    /** The address of {@code original}, 16-bit when {@code a16} (the 0x67 prefix) or its registers say so. */
    static AddressEncoding of(Operand.Mem original, boolean a16) {
        if (!a16 && !original.isSixteenBit()) {
            return of(original);
        }
        // NASM takes the displacement modulo 2^16 ([bx+0xFFFF] is [bx-1])
        int disp = (short) original.displacement();
        if (original.isAbsolute()) {
            return new AddressEncoding(0, 6, NO_SIB, disp, 2);
        }
        int rm = rm16(original);
        if (disp == 0 && rm != 6) {
            return new AddressEncoding(0, rm, NO_SIB, 0, 0);
        }
        return disp >= -128 && disp <= 127 ? new AddressEncoding(1, rm, NO_SIB, disp, 1)
                : new AddressEncoding(2, rm, NO_SIB, disp, 2);
    }

    static AddressEncoding of(Operand.Mem original) {
        Operand.Mem m = normalize(original);
        int disp = m.displacement();
        if (m.base() == null && m.index() == null) {
            return new AddressEncoding(0, 5, NO_SIB, disp, 4);
        }
        int mod;
        int dispLength;
        if (m.base() == null) {
            // index only: SIB with base 101 and mod 00 means disp32, no base
            int sib = scaleBits(m.scale()) << 6 | m.index().number() << 3 | 5;
            return new AddressEncoding(0, 4, sib, disp, 4);
        }
        if (disp == 0 && m.base() != Register.EBP) {
            mod = 0;
            dispLength = 0;
        } else if (disp >= -128 && disp <= 127) {
            mod = 1;
            dispLength = 1;
        } else {
            mod = 2;
            dispLength = 4;
        }
        if (m.index() == null && m.base() != Register.ESP) {
            return new AddressEncoding(mod, m.base().number(), NO_SIB, disp, dispLength);
        }
        int indexBits = m.index() == null ? 4 : m.index().number();
        int sib = scaleBits(m.scale()) << 6 | indexBits << 3 | m.base().number();
        return new AddressEncoding(mod, 4, sib, disp, dispLength);
    }

    private static int scaleBits(int scale) {
        return switch (scale) {
            case 1 -> 0;
            case 2 -> 1;
            case 4 -> 2;
            case 8 -> 3;
            default -> throw new IllegalArgumentException("scale " + scale);
        };
    }

    /** Bytes after the ModRM byte. */
    int extraLength() {
        return (sib == NO_SIB ? 0 : 1) + displacementLength;
    }

    void write(ByteArrayOutputStream out, int reg) {
        out.write(mod << 6 | reg << 3 | rm);
        if (sib != NO_SIB) {
            out.write(sib);
        }
        Encoder.writeLE(out, displacement, displacementLength);
    }
}
