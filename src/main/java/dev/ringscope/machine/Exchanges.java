package dev.ringscope.machine;

import dev.ringscope.isa.Mnemonic;

/**
 * The 486/Pentium read-modify-write instructions that locks and lock-free code are built from:
 * XADD, CMPXCHG and CMPXCHG8B (SDM Vol. 2A/2B). RingScope runs one CPU, so LOCK changes nothing
 * here; what matters is that a memory destination is read, then written, and only then do
 * registers and flags change, so a write that faults leaves the instruction undone.
 */
final class Exchanges {

    private Exchanges() {
    }

    static boolean handles(Mnemonic op) {
        return op == Mnemonic.XADD || op == Mnemonic.CMPXCHG || op == Mnemonic.CMPXCHG8B;
    }

    static void execute(Interpreter in, Uop u) {
        switch (u.op) {
            case XADD -> xadd(in, u);
            case CMPXCHG -> cmpxchg(in, u);
            default -> cmpxchg8b(in, u);
        }
    }

    /** SDM Vol. 2B XADD: TEMP = SRC + DEST; SRC = DEST; DEST = TEMP; flags as ADD. */
    private static void xadd(Interpreter in, Uop u) {
        Cpu cpu = in.cpu();
        int dest = in.get(u, 0);
        int source = in.get(u, 1);
        int sum = (dest + source) & Alu.mask(u.size);
        in.set(u, 0, sum);
        // with both operands one register (xadd eax, eax) the SDM's order leaves the sum there
        if (!(u.kind[0] == Uop.REG && u.reg[0] == u.reg[1] && u.opSize[0] == u.opSize[1])) {
            in.set(u, 1, dest);
        }
        cpu.lazyFlags(Cpu.LAZY_ADD, dest, source, 0, sum, u.size);
    }

    /**
     * SDM Vol. 2A CMPXCHG: compare the accumulator with DEST (flags as CMP accumulator, DEST); if
     * equal DEST = SRC, else the accumulator = DEST. A memory DEST is written either way (with its
     * own value when they differ), as the SDM says and QEMU does.
     */
    private static void cmpxchg(Interpreter in, Uop u) {
        Cpu cpu = in.cpu();
        int size = u.size;
        int accumulator = cpu.read(0, size);
        int dest = in.get(u, 0);
        int source = in.get(u, 1);
        boolean equal = (accumulator & Alu.mask(size)) == (dest & Alu.mask(size));
        in.set(u, 0, equal ? source : dest);
        if (!equal) {
            cpu.write(0, size, dest);
        }
        cpu.lazyFlags(Cpu.LAZY_SUB, accumulator, dest, 0, (accumulator - dest) & Alu.mask(size), size);
    }

    /**
     * SDM Vol. 2A CMPXCHG8B: compare EDX:EAX with m64; if equal m64 = ECX:EBX and ZF = 1, else
     * EDX:EAX = m64 and ZF = 0 (the memory is written back unchanged). Only ZF changes.
     */
    private static void cmpxchg8b(Interpreter in, Uop u) {
        Cpu cpu = in.cpu();
        Bus bus = in.bus();
        int[] r = cpu.reg;
        int address = in.ea(u);
        int low = bus.read(u.memSeg, address, 4);
        int high = bus.read(u.memSeg, address + 4, 4);
        boolean equal = low == r[0] && high == r[2];
        bus.write(u.memSeg, address, 4, equal ? r[3] : low);
        bus.write(u.memSeg, address + 4, 4, equal ? r[1] : high);
        int flags = cpu.eflags();
        if (equal) {
            cpu.setEflags(flags | Cpu.ZF);
        } else {
            r[0] = low;
            r[2] = high;
            cpu.setEflags(flags & ~Cpu.ZF);
        }
    }
}
