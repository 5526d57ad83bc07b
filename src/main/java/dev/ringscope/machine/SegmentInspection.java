package dev.ringscope.machine;

import dev.ringscope.isa.Mnemonic;

/**
 * LAR, LSL, VERR and VERW (SDM Vol. 2A/2B): ask about a segment without loading it. They never
 * fault on a bad selector; ZF says whether the answer is valid. Their answers depend on the CPL,
 * which is why Robin and Irvine count them among x86's virtualization holes.
 */
final class SegmentInspection {

    private SegmentInspection() {
    }

    static void execute(Interpreter in, Protection protection, Uop u) {
        Cpu cpu = in.cpu();
        int source = u.op == Mnemonic.VERR || u.op == Mnemonic.VERW ? 0 : 1;
        int selector = in.get(u, source) & 0xFFFF;
        Descriptor d = null;
        if (!Protection.isNull(selector)) {
            try {
                d = protection.descriptor(selector, CpuFault.GP, 0);
            } catch (CpuFault outsideTable) {
                d = null;
            }
        }
        boolean ok = d != null && visible(d, selector, cpu.cpl) && suits(u.op, d);
        cpu.setEflags(ok ? cpu.eflags() | Cpu.ZF : cpu.eflags() & ~Cpu.ZF);
        if (!ok) {
            return;
        }
        if (u.op == Mnemonic.LAR) {
            in.set(u, 0, d.high() & 0x00F0_FF00);
        } else if (u.op == Mnemonic.LSL) {
            in.set(u, 0, d.limit());
        }
    }

    /** Conforming code is visible from any ring; everything else needs DPL &gt;= max(CPL, RPL). */
    private static boolean visible(Descriptor d, int selector, int cpl) {
        if (d.conforming()) {
            return true;
        }
        return d.dpl() >= Math.max(cpl, selector & 3);
    }

    private static boolean suits(Mnemonic op, Descriptor d) {
        if (d.isCodeOrData()) {
            return switch (op) {
                case VERR -> d.readable();
                case VERW -> d.writable();
                default -> true;
            };
        }
        int t = d.type();
        return switch (op) {
            case LAR -> t == 1 || t == 2 || t == 3 || t == 4 || t == 5 || t == 9 || t == 0xB || t == 0xC;
            case LSL -> t == 1 || t == 2 || t == 3 || t == 9 || t == 0xB;
            default -> false;
        };
    }
}
