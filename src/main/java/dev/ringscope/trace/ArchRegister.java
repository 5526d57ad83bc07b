package dev.ringscope.trace;

/**
 * The registers a {@link Event.RegisterWrite} can name. Segment registers carry their selector.
 * The {@code V_} registers are the guest's virtual CPU under a VMM, where it differs from the real
 * one: EFLAGS with the guest's IF and IOPL, CS and SS with the RPL the guest believes it has, the
 * ring it believes it runs in (0 while its kernel runs in ring 1). Natively they stay 0.
 */
public enum ArchRegister {
    EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI, EIP, EFLAGS,
    ES, CS, SS, DS, FS, GS,
    CR0, CR2, CR3, CR4,
    GDTR_BASE, GDTR_LIMIT, IDTR_BASE, IDTR_LIMIT, LDTR, TR,
    V_EFLAGS, V_CS, V_SS, V_CPL;

    /** Whether this is a virtual-CPU register ({@code V_…}). */
    public boolean isVirtual() {
        return ordinal() >= V_EFLAGS.ordinal();
    }

    private static final ArchRegister[] VALUES = values();

    public static ArchRegister of(int ordinal) {
        return VALUES[ordinal];
    }

    /** The general register with this encoding number (0 = EAX … 7 = EDI). */
    public static ArchRegister general(int number) {
        return VALUES[number];
    }

    /** The segment register with this encoding number (0 = ES … 5 = GS). */
    public static ArchRegister segment(int number) {
        return VALUES[ES.ordinal() + number];
    }
}
