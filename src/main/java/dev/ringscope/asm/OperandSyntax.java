package dev.ringscope.asm;

import dev.ringscope.isa.Register;

/** An operand as written, before its expressions have values. */
sealed interface OperandSyntax {

    SourcePos pos();

    record RegisterOperand(Register register, SourcePos pos) implements OperandSyntax {
    }

    /**
     * @param size   a size keyword (1, 2, 4), or for branches 1 = {@code short}, 4 = {@code near}
     * @param strict NASM's {@code strict}
     */
    record ImmediateOperand(Expr value, int size, boolean strict, SourcePos pos) implements OperandSyntax {
    }

    /** @param wordAddress {@code [word 0x1234]}: a 16-bit address (the 0x67 prefix) */
    record MemoryOperand(int size, boolean far, Register segment, Expr address, boolean wordAddress, SourcePos pos)
            implements OperandSyntax {
    }

    record FarOperand(Expr selector, Expr offset, SourcePos pos) implements OperandSyntax {
    }
}
