package dev.ringscope.isa;

import java.util.List;

/**
 * One x86 instruction as written in Intel syntax: a mnemonic, its operands and a repeat prefix.
 * Branch operands hold absolute targets; the encoder turns them into relative displacements.
 */
public record Instruction(Mnemonic mnemonic, List<Operand> operands, Prefix prefix) {

    /** Repeat and lock prefixes (SDM Vol. 2A §2.1.1, group 1). */
    public enum Prefix {
        NONE(0), REP(0xF3), REPNE(0xF2), LOCK(0xF0);

        private final int code;

        Prefix(int code) {
            this.code = code;
        }

        public int code() { return code; }
    }

    public Instruction {
        operands = List.copyOf(operands);
    }

    public Instruction(Mnemonic mnemonic, Operand... operands) {
        this(mnemonic, List.of(operands), Prefix.NONE);
    }

    public Operand operand(int i) {
        return operands.get(i);
    }

    public int arity() {
        return operands.size();
    }

    @Override
    public String toString() {
        return Syntax.format(this);
    }
}
