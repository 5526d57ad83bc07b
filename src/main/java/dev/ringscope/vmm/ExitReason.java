package dev.ringscope.vmm;

import java.util.Map;

/** VMX basic exit reasons (SDM Vol. 3C Appendix C; REFERENCE.md §3). */
public final class ExitReason {

    public static final int EXCEPTION_OR_NMI = 0, EXTERNAL_INTERRUPT = 1, TRIPLE_FAULT = 2, INTERRUPT_WINDOW = 7,
            CPUID = 10, HLT = 12, INVD = 13, INVLPG = 14, RDTSC = 16, VMCALL = 18, VMCLEAR = 19, VMLAUNCH = 20,
            VMPTRLD = 21, VMPTRST = 22, VMREAD = 23, VMRESUME = 24, VMWRITE = 25, VMXOFF = 26, VMXON = 27,
            CR_ACCESS = 28, IO_INSTRUCTION = 30, RDMSR = 31, WRMSR = 32, TPR_BELOW_THRESHOLD = 43, APIC_ACCESS = 44,
            GDTR_IDTR = 46, LDTR_TR = 47,
            EPT_VIOLATION = 48, WBINVD = 54;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "exception or NMI"), Map.entry(1, "external interrupt"), Map.entry(2, "triple fault"),
            Map.entry(7, "interrupt window"), Map.entry(9, "task switch"), Map.entry(10, "CPUID"), Map.entry(12, "HLT"),
            Map.entry(13, "INVD"), Map.entry(14, "INVLPG"), Map.entry(16, "RDTSC"), Map.entry(18, "VMCALL"),
            Map.entry(19, "VMCLEAR"), Map.entry(20, "VMLAUNCH"), Map.entry(21, "VMPTRLD"), Map.entry(22, "VMPTRST"),
            Map.entry(23, "VMREAD"), Map.entry(24, "VMRESUME"), Map.entry(25, "VMWRITE"), Map.entry(26, "VMXOFF"),
            Map.entry(27, "VMXON"), Map.entry(28, "control-register access"), Map.entry(29, "MOV DR"),
            Map.entry(30, "I/O instruction"), Map.entry(31, "RDMSR"), Map.entry(32, "WRMSR"),
            Map.entry(33, "entry failure: invalid guest state"), Map.entry(43, "TPR below threshold"),
            Map.entry(44, "APIC access"), Map.entry(46, "GDTR/IDTR access"),
            Map.entry(47, "LDTR/TR access"), Map.entry(48, "EPT violation"), Map.entry(49, "EPT misconfiguration"),
            Map.entry(52, "preemption timer"), Map.entry(54, "WBINVD"));

    private ExitReason() {
    }

    public static String name(int reason) {
        return NAMES.getOrDefault(reason, "reason " + reason);
    }

    /** Short label for the ring picture: {@code VM exit 12 HLT}. */
    public static String label(int reason) {
        String n = switch (reason) {
            case CR_ACCESS -> "CR access";
            case IO_INSTRUCTION -> "I/O";
            case EXCEPTION_OR_NMI -> "exception";
            case EXTERNAL_INTERRUPT -> "IRQ";
            default -> name(reason);
        };
        return "VM exit " + reason + " " + n;
    }

    /** Exit qualification for a CR access (SDM Vol. 3C Table 28-3): CR number, access type, register. */
    public static long crQualification(int cr, int accessType, int register) {
        return (cr & 0xF) | (accessType & 3) << 4 | (register & 0xF) << 8;
    }

    /** Exit qualification for I/O (Table 28-5): size-1, direction (1 = in), string, rep, immediate, port. */
    public static long ioQualification(int size, boolean in, boolean string, boolean rep, boolean immediate, int port) {
        return (size - 1) | (in ? 8 : 0) | (string ? 16 : 0) | (rep ? 32 : 0) | (immediate ? 64 : 0)
                | (long) (port & 0xFFFF) << 16;
    }
}
