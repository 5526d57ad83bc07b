package dev.ringscope.asm;

import dev.ringscope.isa.Instruction;
import dev.ringscope.isa.Mnemonic;
import java.util.List;

/** What one source line asks for, parsed once and laid out again in every pass. */
sealed interface Statement {

    /** A line with only a label, or a directive that emits nothing ({@code bits 32}). */
    record Empty() implements Statement {
    }

    /** An instruction; {@code a16} for the 0x67 prefix ({@code a16}, {@code jcxz}, {@code loop x, cx}). */
    record Code(Mnemonic mnemonic, Instruction.Prefix prefix, boolean a16, List<OperandSyntax> operands)
            implements Statement {
    }

    /** {@code db dw dd dq}: numbers and strings, each item padded to the unit size. */
    record Data(int unit, List<DataItem> items) implements Statement {
    }

    /** {@code resb resw resd resq}: zeros in a flat binary. */
    record Reserve(int unit, Expr count, SourcePos pos) implements Statement {
    }

    /** {@code align n}: pad with NOPs (or with {@code fill}) to a multiple of n from the section start. */
    record Align(Expr boundary, Statement fill, SourcePos pos) implements Statement {
    }

    record Equ(Expr value, SourcePos pos) implements Statement {
    }

    record Org(Expr address, SourcePos pos) implements Statement {
    }

    sealed interface DataItem {
        record Number(Expr value, SourcePos pos) implements DataItem {
        }

        record Bytes(byte[] bytes) implements DataItem {
        }
    }
}
