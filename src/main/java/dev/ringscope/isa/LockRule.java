package dev.ringscope.isa;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where the LOCK prefix (F0) is allowed. SDM Vol. 2A §3.2, "LOCK—Assert LOCK# Signal Prefix": only
 * on ADD, ADC, AND, BTC, BTR, BTS, CMPXCHG, CMPXCHG8B, DEC, INC, NEG, NOT, OR, SBB, SUB, XOR, XADD and
 * XCHG, and only when the destination operand is memory (XCHG: when one operand is memory); with any
 * other instruction, or a register destination, the CPU raises #UD. RingScope models all of them
 * (BT itself only reads, so it is not on the list).
 *
 * <p>QEMU 7.2's TCG decoder, the reference machine of the conformance suite, checks LOCK only on
 * NOP and on the arithmetic forms above ("XXX: correct lock test for all insn" in its translate.c),
 * so there {@code lock mov [m], r} or {@code lock xchg eax, ebx} run. That is a gap QEMU itself
 * closed in its new decoder (the {@code X86_SPECIAL_HasLock} flag, QEMU 9): here the SDM rule holds
 * for every instruction, and the conformance guest tests only the cases where both agree.
 */
public final class LockRule {

    private static final Set<Mnemonic> LOCKABLE = EnumSet.of(Mnemonic.ADD, Mnemonic.ADC, Mnemonic.AND,
            Mnemonic.DEC, Mnemonic.INC, Mnemonic.NEG, Mnemonic.NOT, Mnemonic.OR, Mnemonic.SBB, Mnemonic.SUB,
            Mnemonic.XOR, Mnemonic.XCHG, Mnemonic.BTS, Mnemonic.BTR, Mnemonic.BTC, Mnemonic.XADD, Mnemonic.CMPXCHG,
            Mnemonic.CMPXCHG8B);

    private LockRule() {
    }

    /** Whether {@code insn}, encoded in {@code form}, may carry a LOCK prefix. */
    public static boolean allows(Form form, Instruction insn) {
        if (!LOCKABLE.contains(form.mnemonic())) {
            return false;
        }
        if (form.mnemonic() == Mnemonic.XCHG) {
            return insn.operands().stream().anyMatch(o -> o instanceof Operand.Mem);
        }
        return form.rmOperand() == 0 && insn.arity() > 0 && insn.operand(0) instanceof Operand.Mem;
    }

    /** Why LOCK is not allowed on {@code insn} (the #UD reason and the assembler's warning). */
    public static String problem(Instruction insn) {
        Instruction bare = new Instruction(insn.mnemonic(), insn.operands(), Instruction.Prefix.NONE, insn.a16());
        return "lock prefix on " + Syntax.format(bare)
                + ": LOCK is only for read-modify-write instructions with a memory destination";
    }
}
