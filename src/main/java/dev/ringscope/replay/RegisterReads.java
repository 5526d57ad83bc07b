package dev.ringscope.replay;

import dev.ringscope.isa.Decoded;
import dev.ringscope.isa.Decoder;
import dev.ringscope.isa.Instruction;
import dev.ringscope.isa.Mnemonic;
import dev.ringscope.isa.Operand;
import dev.ringscope.isa.Register;
import dev.ringscope.trace.ArchRegister;
import java.util.EnumSet;
import java.util.Set;

/**
 * The registers an instruction reads, from its decoding and the SDM's operation of each
 * instruction: explicit source operands, the registers of an address, and the implicit ones (ESP
 * for the stack, ESI/EDI/ECX for strings, EAX/EDX for multiply and divide, DX for port numbers).
 * The trace records writes; the views show reads beside them.
 */
public final class RegisterReads {

    private RegisterReads() {
    }

    public static Set<ArchRegister> of(CurrentInstruction c) {
        if (c == null) {
            return EnumSet.noneOf(ArchRegister.class);
        }
        Decoded d = Decoder.decode(c.bytes(), 0, c.eip() & 0xFFFF_FFFFL);
        return d.isValid() ? of(d.instruction()) : EnumSet.noneOf(ArchRegister.class);
    }

    public static Set<ArchRegister> of(Instruction insn) {
        Set<ArchRegister> reads = EnumSet.noneOf(ArchRegister.class);
        Mnemonic op = insn.mnemonic();
        int n = insn.arity();
        for (int i = 0; i < n; i++) {
            Operand o = insn.operand(i);
            if (o instanceof Operand.Mem m) {
                add(reads, m.base());
                add(reads, m.index());
            } else if (o instanceof Operand.Reg r && (i > 0 || readsDestination(op, n))) {
                add(reads, r.register());
            }
        }
        switch (op) {
            case PUSH, POP, CALL, RET, RETF, PUSHAD, POPAD, PUSHAW, POPAW, PUSHFD, POPFD, PUSHFW, POPFW, IRETD, ENTER,
                    LEAVE, ENTERW, LEAVEW, INT, INT3 -> {
                reads.add(ArchRegister.ESP);
                if (op == Mnemonic.LEAVE || op == Mnemonic.ENTER || op == Mnemonic.LEAVEW || op == Mnemonic.ENTERW) {
                    reads.add(ArchRegister.EBP);
                }
                if (op == Mnemonic.PUSHAD || op == Mnemonic.PUSHAW) {
                    reads.addAll(EnumSet.range(ArchRegister.EAX, ArchRegister.EDI));
                }
                if (op == Mnemonic.PUSHFD || op == Mnemonic.PUSHFW) {
                    reads.add(ArchRegister.EFLAGS);
                }
            }
            case MOVSB, MOVSW, MOVSD, CMPSB, CMPSW, CMPSD, OUTSB, OUTSW, OUTSD, LODSB, LODSW, LODSD ->
                    reads.add(ArchRegister.ESI);
            default -> {
            }
        }
        switch (op) {
            case MOVSB, MOVSW, MOVSD, CMPSB, CMPSW, CMPSD, STOSB, STOSW, STOSD, SCASB, SCASW, SCASD, INSB, INSW, INSD ->
                    reads.add(ArchRegister.EDI);
            case XLATB -> reads.addAll(Set.of(ArchRegister.EAX, ArchRegister.EBX));
            case CMPXCHG, LAHF -> reads.add(ArchRegister.EAX);
            case CMPXCHG8B -> reads.addAll(EnumSet.range(ArchRegister.EAX, ArchRegister.EBX));
            case MUL, IMUL, DIV, IDIV -> {
                if (n == 1) {
                    reads.add(ArchRegister.EAX);
                    if (op == Mnemonic.DIV || op == Mnemonic.IDIV) {
                        reads.add(ArchRegister.EDX);
                    }
                }
            }
            case CBW, CWDE, CWD, CDQ -> reads.add(ArchRegister.EAX);
            case LOOP, LOOPE, LOOPNE, JECXZ -> reads.add(ArchRegister.ECX);
            case WRMSR -> reads.addAll(Set.of(ArchRegister.ECX, ArchRegister.EDX, ArchRegister.EAX));
            case RDMSR -> reads.add(ArchRegister.ECX);
            case CPUID -> reads.add(ArchRegister.EAX);
            case SYSEXIT -> reads.addAll(Set.of(ArchRegister.ECX, ArchRegister.EDX));
            case IN, OUT -> {
                if (n == 2 && insn.operand(op == Mnemonic.IN ? 1 : 0) instanceof Operand.Reg) {
                    reads.add(ArchRegister.EDX); // the port in DX
                }
            }
            default -> {
            }
        }
        if (insn.prefix() != Instruction.Prefix.NONE) {
            reads.add(ArchRegister.ECX); // rep counts in ECX
        }
        if (op.isConditionalJump() || op.isSetcc() || op.isCmovcc() || op == Mnemonic.ADC || op == Mnemonic.SBB
                || op == Mnemonic.LAHF) {
            reads.add(ArchRegister.EFLAGS);
        }
        return reads;
    }

    /** Whether the first operand is read as well as written (two-operand arithmetic, inc/dec/neg/not, …). */
    private static boolean readsDestination(Mnemonic op, int arity) {
        return switch (op) {
            case ADD, OR, ADC, SBB, AND, SUB, XOR, CMP, TEST, INC, DEC, NEG, NOT, ROL, ROR, RCL, RCR, SHL, SHR, SAR,
                    XCHG, PUSH, OUT, LGDT, LIDT, LLDT, LTR, LMSW, JMP, CALL, BT, BTS, BTR, BTC, SHLD, SHRD, BSWAP,
                    XADD, CMPXCHG, BSF, BSR -> true; // BSF/BSR keep the destination for a zero source
            case CMOVO, CMOVNO, CMOVB, CMOVAE, CMOVE, CMOVNE, CMOVBE, CMOVA, CMOVS, CMOVNS, CMOVP, CMOVNP, CMOVL, CMOVGE,
                    CMOVLE, CMOVG -> true;
            case IMUL, MUL, DIV, IDIV -> arity == 1 || arity == 2;
            default -> false;
        };
    }

    private static void add(Set<ArchRegister> reads, Register r) {
        if (r == null) {
            return;
        }
        switch (r.kind()) {
            // AH, CH, DH, BH are encoded 4-7 among the byte registers: parts of EAX … EBX
            case GENERAL -> reads.add(ArchRegister.general(r.size() == 1 ? r.number() & 3 : r.number()));
            case SEGMENT -> reads.add(ArchRegister.segment(r.number()));
            case CONTROL -> reads.add(switch (r.number()) {
                case 0 -> ArchRegister.CR0;
                case 2 -> ArchRegister.CR2;
                case 3 -> ArchRegister.CR3;
                default -> ArchRegister.CR4;
            });
        }
    }
}
