package dev.ringscope.isa;

/**
 * What an operand slot of an instruction form accepts, in the spirit of NASM's instruction table
 * and the SDM's opcode-table notation (Vol. 2A §3.1.1.3).
 */
public enum Pattern {
    R8(1), R16(2), R32(4),          // a general register, in ModRM.reg or opcode+r
    RM8(1), RM16(2), RM32(4),       // a general register or memory, in ModRM.rm
    M(0), M16(2), M32(4), M64(8),   // memory only; M takes any stated size
    FAR_MEM(6),                     // far [m]: a 6-byte pointer for jmp/call far
    MOFFS8(1), MOFFS16(2), MOFFS32(4), // a plain address [disp32] for the accumulator moves A0–A3
    IMM8(1), IMM16(2), IMM32(4),
    SIMM8(1),                       // an immediate that fits a sign-extended byte
    ONE(1),                         // the constant 1 of the shift-by-one forms
    REL8(1), REL32(4),              // branch targets, encoded relative to the next instruction
    FAR_PTR(6),                     // sel:offset
    AL(1), AX(2), EAX(4), CL(1), DX(2),
    SREG(2), CR(4),
    ES(2), CS(2), SS(2), DS(2), FS(2), GS(2);

    private final int size;

    Pattern(int size) {
        this.size = size;
    }

    public int size() { return size; }

    public boolean isRegisterOnly() {
        return switch (this) {
            case R8, R16, R32, AL, AX, EAX, CL, DX, SREG, CR, ES, CS, SS, DS, FS, GS -> true;
            default -> false;
        };
    }

    public boolean goesInRm() {
        return switch (this) {
            case RM8, RM16, RM32, M, M16, M32, M64, FAR_MEM -> true;
            default -> false;
        };
    }

    public boolean isImmediate() {
        return switch (this) {
            case IMM8, IMM16, IMM32, SIMM8, ONE, REL8, REL32, FAR_PTR -> true;
            default -> false;
        };
    }

    /** The fixed register this pattern names, or null. */
    public Register fixedRegister() {
        return switch (this) {
            case AL -> Register.AL;
            case AX -> Register.AX;
            case EAX -> Register.EAX;
            case CL -> Register.CL;
            case DX -> Register.DX;
            case ES -> Register.ES;
            case CS -> Register.CS;
            case SS -> Register.SS;
            case DS -> Register.DS;
            case FS -> Register.FS;
            case GS -> Register.GS;
            default -> null;
        };
    }
}
