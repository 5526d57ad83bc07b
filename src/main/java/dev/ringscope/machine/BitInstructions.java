package dev.ringscope.machine;

import dev.ringscope.isa.Mnemonic;

/**
 * The bit instructions of the 386 and 486: BT, BTS, BTR, BTC, BSF, BSR, SHLD, SHRD and BSWAP
 * (SDM Vol. 2A/2B, the pages of the same names). Where the SDM leaves a flag undefined the value
 * is QEMU 7.2's (target/i386/tcg/translate.c), the reference machine of the conformance suite;
 * each method says which.
 */
final class BitInstructions {

    private BitInstructions() {
    }

    static boolean handles(Mnemonic op) {
        return switch (op) {
            case BT, BTS, BTR, BTC, BSF, BSR, SHLD, SHRD, BSWAP -> true;
            default -> false;
        };
    }

    static void execute(Interpreter in, Uop u) {
        switch (u.op) {
            case BT, BTS, BTR, BTC -> bitTest(in, u);
            case BSF, BSR -> bitScan(in, u);
            case SHLD, SHRD -> shiftDouble(in, u);
            default -> in.cpu().reg[u.reg[0]] = Integer.reverseBytes(in.cpu().reg[u.reg[0]]); // BSWAP r32
        }
    }

    /**
     * SDM Vol. 2A BT: CF = the selected bit; BTS/BTR/BTC then set, clear or complement it. A register
     * bit offset with a memory operand is signed and may select another word or dword: the address
     * moves by (offset SAR 5) * 4, or (offset SAR 4) * 2 for 16 bits, and the bit is offset mod 32
     * (16). An immediate offset, and any offset into a register, is taken modulo the operand size.
     * ZF is unchanged; OF, SF, AF, PF are undefined: kept, as QEMU keeps them when EFLAGS are already
     * computed (its other path reuses the previous result and may differ in AF and OF).
     */
    private static void bitTest(Interpreter in, Uop u) {
        Cpu cpu = in.cpu();
        Bus bus = in.bus();
        int size = u.size;
        int bits = size * 8;
        int offset = in.get(u, 1);
        int bit = offset & (bits - 1);
        int value;
        int address = 0;
        boolean memory = u.kind[0] == Uop.MEM;
        if (memory) {
            address = in.ea(u);
            if (u.kind[1] == Uop.REG) {
                int signed = size == 2 ? (short) offset : offset;
                address += (signed >> (size == 2 ? 4 : 5)) * size;
            }
            value = bus.read(u.memSeg, address, size);
        } else {
            value = in.get(u, 0);
        }
        int mask = 1 << bit;
        int cf = (value & mask) != 0 ? Cpu.CF : 0;
        int result = switch (u.op) {
            case BTS -> value | mask;
            case BTR -> value & ~mask;
            case BTC -> value ^ mask;
            default -> value;
        };
        if (u.op != Mnemonic.BT) {
            if (memory) {
                bus.write(u.memSeg, address, size, result);
            } else {
                in.set(u, 0, result);
            }
        }
        cpu.setEflags((cpu.eflags() & ~Cpu.CF) | cf);
    }

    /**
     * SDM Vol. 2A BSF/BSR: ZF = 1 if the source is 0, and then the destination is undefined: left
     * unchanged, as real CPUs and QEMU do (QEMU 7.2 translate.c passes the old destination as the
     * value for a zero input, "real programs appear to depend on that"). CF, OF, SF, AF, PF are
     * undefined: QEMU computes them as for a logical result equal to the source (CC_OP_LOGIC), so
     * CF = OF = AF = 0 and SF, PF follow the source.
     */
    private static void bitScan(Interpreter in, Uop u) {
        Cpu cpu = in.cpu();
        int size = u.size;
        int source = in.get(u, 1) & Alu.mask(size);
        if (source != 0) {
            int index = u.op == Mnemonic.BSF ? Integer.numberOfTrailingZeros(source)
                    : 31 - Integer.numberOfLeadingZeros(source);
            in.set(u, 0, index);
        }
        cpu.setEflags((cpu.eflags() & ~Cpu.ARITH_FLAGS) | Alu.szp(source, size));
    }

    /**
     * SDM Vol. 2B SHLD/SHRD: the destination shifted, filled from the source register; the count is
     * masked to 5 bits and a count of 0 changes nothing, flags included. CF is the last bit shifted
     * out, SF, ZF, PF follow the result. Undefined (QEMU 7.2 gen_shiftd_rm_T1 and its SHL/SAR flag
     * rules): AF = 0; OF = the sign of the destination shifted by count - 1, XOR the result's sign,
     * which is the SDM's OF for a count of 1. A 16-bit count above 16 shifts A:B:A as Intel parts do.
     */
    private static void shiftDouble(Interpreter in, Uop u) {
        Cpu cpu = in.cpu();
        int size = u.size;
        int count = in.get(u, 2) & 0x1F;
        if (count == 0) {
            return;
        }
        int dest = in.get(u, 0) & Alu.mask(size);
        int source = in.get(u, 1) & Alu.mask(size);
        boolean left = u.op == Mnemonic.SHLD;
        int result;
        int lastOut; // the destination shifted by count - 1, whose edge bit is CF
        if (left) {
            int fill = size == 2 ? source << 16 | dest : source;
            lastOut = dest << (count - 1);
            if (size == 2) {
                lastOut |= fill >>> (33 - count);
            }
            result = dest << count | fill >>> (32 - count);
        } else {
            int wide = size == 2 ? source << 16 | dest : dest;
            int fill = size == 2 ? dest : source;
            lastOut = wide >>> (count - 1);
            result = wide >>> count | fill << (32 - count);
        }
        result &= Alu.mask(size);
        int sign = Alu.signBit(size);
        int cf = left ? ((lastOut & sign) != 0 ? Cpu.CF : 0) : lastOut & 1;
        int of = ((lastOut ^ result) & sign) != 0 ? Cpu.OF : 0;
        in.set(u, 0, result);
        cpu.setEflags((cpu.eflags() & ~Cpu.ARITH_FLAGS) | Alu.szp(result, size) | cf | of);
    }
}
