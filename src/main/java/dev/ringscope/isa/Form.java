package dev.ringscope.isa;

import java.util.List;

/**
 * One encoding of one instruction: which operands it takes and which bytes it produces,
 * like a row of the SDM's opcode tables. Built from the notation in {@link FormTable}.
 *
 * @param opcode       opcode bytes, a mandatory prefix (F3, 66) first where the form has one
 * @param o16          the form needs the 0x66 operand-size prefix (16-bit operands in 32-bit code)
 * @param modRm        how the ModRM byte is used
 * @param digit        the /digit opcode extension for {@link ModRm#DIGIT}
 * @param regOperand   index of the operand in ModRM.reg or added to the opcode (+r), or -1
 * @param rmOperand    index of the operand in ModRM.rm, or -1
 * @param plusReg      the register number is added to the last opcode byte
 * @param immediates   the immediate fields in encoding order, each with the operand it carries
 * @param operandSize  the operation size in bytes (1, 2 or 4)
 * @param row          the classification row (see {@link PrivilegeTable})
 */
public record Form(Mnemonic mnemonic, List<Pattern> operands, byte[] opcode, boolean o16, ModRm modRm, int digit,
                   int regOperand, int rmOperand, boolean plusReg, List<Field> immediates, int operandSize,
                   String row, String notation) {

    public enum ModRm { NONE, REG, DIGIT, REG_TWICE }

    public enum FieldKind {
        IB(1), IW(2), ID(4), RB(1), RD(4), PTR(6), MOFFS(4);

        private final int length;

        FieldKind(int length) {
            this.length = length;
        }

        public int length() { return length; }
    }

    /** An immediate field and the index of the operand whose value it holds. */
    public record Field(FieldKind kind, int operand) {
    }

    public PrivilegeClass privilege() {
        return PrivilegeTable.of(row);
    }

    public int arity() {
        return operands.size();
    }

    public Pattern operand(int i) {
        return operands.get(i);
    }

    /** The mandatory prefix byte (F3 or 66 before 0F), or 0 if the form has none. */
    public int mandatoryPrefix() {
        return opcode.length > 1 && ((opcode[0] & 0xFF) == 0xF3 || (opcode[0] & 0xFF) == 0x66)
                && (opcode[1] & 0xFF) == 0x0F ? opcode[0] & 0xFF : 0;
    }

    public boolean isBranch() {
        return operands.stream().anyMatch(p -> p == Pattern.REL8 || p == Pattern.REL32);
    }

    @Override
    public String toString() { return notation; }

    @Override
    public boolean equals(Object o) { return this == o; }

    @Override
    public int hashCode() { return System.identityHashCode(this); }
}
