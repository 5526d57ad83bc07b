package dev.ringscope.machine;

/**
 * RingScope models no x87 FPU, no MMX and no SSE (CPUID.01H:EDX.FPU = 0), like a 386 or 486SX
 * without a coprocessor. What an FPU instruction does then is SDM Vol. 3A §2.5 (CR0.EM, MP, TS) and
 * Table 2-2: with EM = 1 (the setting for "no FPU present", §9.2.1) or TS = 1 every x87 instruction
 * raises #NM (vector 7), so a kernel can emulate it; WAIT/FWAIT raises #NM only with MP = 1 and
 * TS = 1. With EM = 0 and TS = 0 the CPU would hand the instruction to an FPU; there is none, so
 * RingScope raises #UD and says why.
 */
final class NoFpu {

    private NoFpu() {
    }

    /** The fault for an x87 escape instruction (D8–DF), from CR0. */
    static CpuFault escapeFault(Cpu cpu, String what) {
        if ((cpu.cr0 & (Cpu.CR0_EM | Cpu.CR0_TS)) != 0) {
            String why = (cpu.cr0 & Cpu.CR0_EM) != 0 ? "CR0.EM=1: no FPU, the kernel may emulate it"
                    : "CR0.TS=1: FPU state not yet switched in";
            return CpuFault.of(CpuFault.NM, what + " (" + why + ")");
        }
        return CpuFault.of(CpuFault.UD, what + " (CR0.EM=0 claims an FPU, but none is modelled)");
    }

    /** WAIT/FWAIT (9B): waits for the FPU, which is never busy; #NM only with CR0.MP and CR0.TS. */
    static void checkWait(Cpu cpu) {
        if ((cpu.cr0 & Cpu.CR0_MP) != 0 && (cpu.cr0 & Cpu.CR0_TS) != 0) {
            throw CpuFault.of(CpuFault.NM, "wait with CR0.MP=1 and CR0.TS=1 (SDM Vol. 3A Table 2-2)");
        }
    }
}
