package dev.ringscope.isa;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The registers an instruction can name. {@code number} is the 3-bit value that goes into ModRM/SIB
 * or the low bits of the opcode (SDM Vol. 2A, Table 2-1 and 2-2).
 */
public enum Register {
    EAX(Kind.GENERAL, 4, 0), ECX(Kind.GENERAL, 4, 1), EDX(Kind.GENERAL, 4, 2), EBX(Kind.GENERAL, 4, 3),
    ESP(Kind.GENERAL, 4, 4), EBP(Kind.GENERAL, 4, 5), ESI(Kind.GENERAL, 4, 6), EDI(Kind.GENERAL, 4, 7),
    AX(Kind.GENERAL, 2, 0), CX(Kind.GENERAL, 2, 1), DX(Kind.GENERAL, 2, 2), BX(Kind.GENERAL, 2, 3),
    SP(Kind.GENERAL, 2, 4), BP(Kind.GENERAL, 2, 5), SI(Kind.GENERAL, 2, 6), DI(Kind.GENERAL, 2, 7),
    AL(Kind.GENERAL, 1, 0), CL(Kind.GENERAL, 1, 1), DL(Kind.GENERAL, 1, 2), BL(Kind.GENERAL, 1, 3),
    AH(Kind.GENERAL, 1, 4), CH(Kind.GENERAL, 1, 5), DH(Kind.GENERAL, 1, 6), BH(Kind.GENERAL, 1, 7),
    ES(Kind.SEGMENT, 2, 0), CS(Kind.SEGMENT, 2, 1), SS(Kind.SEGMENT, 2, 2),
    DS(Kind.SEGMENT, 2, 3), FS(Kind.SEGMENT, 2, 4), GS(Kind.SEGMENT, 2, 5),
    CR0(Kind.CONTROL, 4, 0), CR2(Kind.CONTROL, 4, 2), CR3(Kind.CONTROL, 4, 3), CR4(Kind.CONTROL, 4, 4);

    public enum Kind { GENERAL, SEGMENT, CONTROL }

    private static final Map<String, Register> BY_NAME = new HashMap<>();
    private static final Register[][] GENERAL_BY_SIZE = new Register[5][8];
    private static final Register[] SEGMENT_BY_NUMBER = new Register[8];
    private static final Register[] CONTROL_BY_NUMBER = new Register[8];

    static {
        for (Register r : values()) {
            BY_NAME.put(r.name().toLowerCase(Locale.ROOT), r);
            switch (r.kind) {
                case GENERAL -> GENERAL_BY_SIZE[r.size][r.number] = r;
                case SEGMENT -> SEGMENT_BY_NUMBER[r.number] = r;
                case CONTROL -> CONTROL_BY_NUMBER[r.number] = r;
            }
        }
    }

    private final Kind kind;
    private final int size;
    private final int number;

    Register(Kind kind, int size, int number) {
        this.kind = kind;
        this.size = size;
        this.number = number;
    }

    public Kind kind() { return kind; }

    /** Size in bytes: 1, 2 or 4. */
    public int size() { return size; }

    /** The register's encoding number (0–7). */
    public int number() { return number; }

    public boolean isGeneral() { return kind == Kind.GENERAL; }

    public String lowerName() { return name().toLowerCase(Locale.ROOT); }

    /** The register named {@code name} in any case, or null. */
    public static Register byName(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    public static Register general(int size, int number) {
        return GENERAL_BY_SIZE[size][number];
    }

    /** The segment register with this number, or null for 6 and 7 (reserved, #UD). */
    public static Register segment(int number) {
        return SEGMENT_BY_NUMBER[number];
    }

    /** The control register with this number, or null for CR1, CR5–CR7 (reserved, #UD). */
    public static Register control(int number) {
        return CONTROL_BY_NUMBER[number];
    }

    @Override
    public String toString() { return lowerName(); }
}
