package dev.ringscope.trace;

/** The registers a {@link Event.RegisterWrite} can name. Segment registers carry their selector. */
public enum ArchRegister {
    EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI, EIP, EFLAGS,
    ES, CS, SS, DS, FS, GS,
    CR0, CR2, CR3, CR4,
    GDTR_BASE, GDTR_LIMIT, IDTR_BASE, IDTR_LIMIT, LDTR, TR;

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
