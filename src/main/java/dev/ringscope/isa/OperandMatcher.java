package dev.ringscope.isa;

/** Decides whether an operand fits a pattern of a form, with NASM's rules for sizes and short forms. */
final class OperandMatcher {

    private OperandMatcher() {
    }

    /**
     * @param nextAddress the address after the instruction if encoded with this form (for branches)
     */
    static boolean matches(Form form, int slot, Operand op, long nextAddress) {
        Pattern p = form.operand(slot);
        return switch (p) {
            case R8, R16, R32 -> op instanceof Operand.Reg r && r.register().isGeneral()
                    && r.register().size() == p.size();
            case RM8, RM16, RM32 -> op instanceof Operand.Reg r
                    ? r.register().isGeneral() && r.register().size() == p.size()
                    : op instanceof Operand.Mem m && !m.far() && memorySizeFits(form, slot, m);
            case M -> op instanceof Operand.Mem m && !m.far();
            case M16, M32, M64 -> op instanceof Operand.Mem m && !m.far() && (m.size() == 0 || m.size() == p.size());
            case FAR_MEM -> op instanceof Operand.Mem m && m.far();
            case MOFFS8, MOFFS16, MOFFS32 -> op instanceof Operand.Mem m && !m.far() && m.isAbsolute()
                    && (m.size() == 0 || m.size() == p.size());
            case IMM8 -> op instanceof Operand.Imm i && (i.size() == 0 || i.size() == 1);
            case IMM16 -> op instanceof Operand.Imm i && (i.size() == 0 || i.size() == 2);
            case IMM32 -> op instanceof Operand.Imm i && (i.size() == 0 || i.size() == 4);
            case SIMM8 -> op instanceof Operand.Imm i && (i.size() == 1
                    || (i.size() == 0 || i.size() == form.operandSize()) && !i.strict()
                    && fitsSignedByte(i.value(), form.operandSize()));
            case ONE -> op instanceof Operand.Imm i && i.value() == 1 && !i.strict() && (i.size() == 0 || i.size() == 1);
            case REL8 -> op instanceof Operand.Imm i && (i.size() == 1
                    || i.size() == 0 && fitsRel8(i.value(), nextAddress));
            case REL32 -> op instanceof Operand.Imm i && (i.size() == 0 || i.size() == 4);
            case FAR_PTR -> op instanceof Operand.Far;
            case SREG -> op instanceof Operand.Reg r && r.register().kind() == Register.Kind.SEGMENT;
            case CR -> op instanceof Operand.Reg r && r.register().kind() == Register.Kind.CONTROL;
            case AL, AX, EAX, CL, DX, ES, CS, SS, DS, FS, GS -> op instanceof Operand.Reg r
                    && r.register() == p.fixedRegister();
        };
    }

    /**
     * A memory operand with no stated size fits only where another operand tells the size
     * ({@code mov [ebx], eax}) or the form has a single natural size (near {@code jmp [eax]});
     * otherwise NASM says "operation size not specified".
     */
    private static boolean memorySizeFits(Form form, int slot, Operand.Mem m) {
        int want = form.operand(slot).size();
        if (m.size() != 0) {
            return m.size() == want;
        }
        if (form.mnemonic() == Mnemonic.JMP || form.mnemonic() == Mnemonic.CALL) {
            return true;
        }
        if (onlySize(form, slot, want)) {
            return true; // setc [m]: byte is the only size there is, and NASM takes it
        }
        for (int i = 0; i < form.arity(); i++) {
            Pattern other = form.operand(i);
            if (i != slot && other.isRegisterOnly() && other != Pattern.CL && other != Pattern.DX
                    && other.size() == want) {
                return true;
            }
        }
        return false;
    }

    /** Whether every form of the mnemonic with this arity takes memory of one size in {@code slot}. */
    private static boolean onlySize(Form form, int slot, int size) {
        for (Form other : FormTable.forms(form.mnemonic())) {
            if (other.arity() == form.arity() && other.operand(slot).goesInRm()
                    && other.operand(slot).size() != size) {
                return false;
            }
        }
        return true;
    }

    /** Whether a value, taken at the operation size, survives being stored as a sign-extended byte. */
    static boolean fitsSignedByte(long value, int operandSize) {
        long v = switch (operandSize) {
            case 1 -> (byte) value;
            case 2 -> (short) value;
            default -> (int) value;
        };
        return v >= -128 && v <= 127;
    }

    static boolean fitsRel8(long target, long nextAddress) {
        long rel = (int) (target - nextAddress);
        return rel >= -128 && rel <= 127;
    }
}
