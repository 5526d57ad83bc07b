package dev.ringscope.isa;

import java.util.List;

/**
 * One x86 instruction as written in Intel syntax: a mnemonic, its operands and a repeat prefix.
 * Branch operands hold absolute targets; the encoder turns them into relative displacements.
 *
 * @param a16 the 0x67 address-size prefix: 16-bit addressing in 32-bit code (SDM Vol. 2A §2.1.1,
 *            group 4), for the memory operand ({@code [bx+si]}, Table 2-1) and for the registers a
 *            string instruction, XLATB, LOOP or JCXZ uses implicitly (SI, DI, CX, BX instead of
 *            ESI, EDI, ECX, EBX). A memory operand with 16-bit registers implies it.
 */
public record Instruction(Mnemonic mnemonic, List<Operand> operands, Prefix prefix, boolean a16) {

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
        for (Operand o : operands) {
            if (o instanceof Operand.Mem m && m.isSixteenBit()) {
                a16 = true;
            }
        }
    }

    public Instruction(Mnemonic mnemonic, List<Operand> operands, Prefix prefix) {
        this(mnemonic, operands, prefix, false);
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
