package dev.ringscope.machine;

import dev.ringscope.isa.Decoded;
import dev.ringscope.isa.Form;
import dev.ringscope.isa.Instruction;
import dev.ringscope.isa.Mnemonic;
import dev.ringscope.isa.Operand;
import dev.ringscope.isa.Pattern;
import dev.ringscope.isa.Register;

/**
 * A decoded instruction prepared for the interpreter: operands flattened into int fields so that
 * executing it reads no objects but this one. Built once per instruction address and cached.
 */
final class Uop {

    static final int NONE = 0, REG = 1, MEM = 2, IMM = 3, SREG = 4, CREG = 5;

    final Mnemonic op;
    final Form form;
    final Instruction instruction;
    final byte[] bytes;
    final int length;
    /** The operation size in bytes (1, 2, 4). */
    final int size;
    final int arity;
    final int[] kind = new int[3];
    final int[] reg = new int[3];
    final int[] opSize = new int[3];
    final int[] imm = new int[3];
    final boolean rep;
    final boolean repne;

    // the memory operand, if any (x86 has at most one); -1 for no base/index
    final int memSeg;
    final int memBase;
    final int memIndex;
    final int memScale;
    final int memDisp;
    /** The segment register of a string instruction's source (DS unless overridden). */
    final int stringSeg;
    /**
     * The 0x67 prefix: addresses are 16 bits (the memory operand's sum wraps at 64 KiB) and a string
     * instruction, XLATB, LOOP or JCXZ uses SI, DI, BX and CX (SDM Vol. 1 §3.6, Vol. 2A §2.1.1).
     */
    final boolean addr16;

    final int farSelector;
    final int farOffset;
    /** Instructions whose class is not innocuous: the VMMs look at these. */
    final boolean sensitive;
    /** Shown to a monitor before it runs: the sensitive ones, and those a VMM may intercept (SYSENTER, CPUID). */
    final boolean monitored;
    /** Traps at CPL &gt; 0 under --isa strict. */
    final boolean strictTrap;
    /** A specialised handler for the commonest 32-bit forms (see {@link Interpreter}), or 0. */
    final int fast;
    /**
     * Whether the instruction may run inside a {@link Block}: it cannot change CPL, paging or the
     * code segment (innocuous, and not int3 or sysenter).
     */
    final boolean chainable;
    /** The block that starts here, once built (see {@link Block}). */
    Block block;
    // operand fields copied out of the arrays for the fast path (no array loads or bounds checks)
    final int r0;
    final int r1;
    final int i0;
    final int i1;
    final int i2;
    /** For the fast ALU forms: which operation (see {@link Interpreter}). */
    final int aluOp;

    static final int F_MOV_RR = 1, F_MOV_RI = 2, F_MOV_RM = 3, F_MOV_MR = 4, F_MOV_MI = 5,
            F_ALU_RR = 6, F_ALU_RI = 7, F_ALU_RM = 8, F_ALU_MR = 9,
            F_INC_R = 10, F_DEC_R = 11, F_PUSH_R = 12, F_PUSH_I = 13, F_POP_R = 14,
            F_JMP = 15, F_JCC = 16, F_CALL = 17, F_RET = 18, F_LEA = 19, F_ALU_MI = 20, F_IMUL_RI = 21,
            F_SHIFT_RI = 22, F_MOVZX_R = 23, F_IMUL_RI2 = 24;
    /** #UD: the bytes are no instruction; {@code invalidReason} says why. */
    final String invalidReason;
    /** What the CPU raises instead of an invalid instruction: #UD, or #GP(0) for one over 15 bytes. */
    final int invalidVector;

    Uop(Decoded d, byte[] bytes) {
        this.bytes = bytes;
        this.length = d.length();
        if (!d.isValid()) {
            op = null;
            form = null;
            instruction = null;
            size = 4;
            arity = 0;
            rep = repne = false;
            memSeg = memBase = memIndex = -1;
            memScale = 1;
            memDisp = 0;
            stringSeg = Cpu.DS;
            addr16 = false;
            farSelector = farOffset = 0;
            sensitive = false;
            monitored = false;
            strictTrap = false;
            fast = 0;
            chainable = false;
            r0 = r1 = i0 = i1 = i2 = aluOp = 0;
            invalidReason = d.error();
            invalidVector = d.faultVector();
            return;
        }
        invalidReason = null;
        invalidVector = CpuFault.UD;
        form = d.form();
        instruction = d.instruction();
        op = form.mnemonic();
        size = form.operandSize();
        arity = instruction.arity();
        rep = instruction.prefix() == Instruction.Prefix.REP;
        repne = instruction.prefix() == Instruction.Prefix.REPNE;
        addr16 = instruction.a16();
        sensitive = form.privilege().kind() != dev.ringscope.isa.PrivilegeClass.Kind.INNOCUOUS;
        strictTrap = StrictIsa.traps(form);
        monitored = sensitive || op == Mnemonic.SYSENTER || op == Mnemonic.CPUID || op == Mnemonic.RDTSC;
        int seg = -1, base = -1, index = -1, scale = 1, disp = 0, fsel = 0, foff = 0;
        int stringSegment = Cpu.DS;
        for (int i = 0; i < arity; i++) {
            Operand o = instruction.operand(i);
            Pattern p = form.operand(i);
            opSize[i] = p.size() == 0 || p.size() == 6 ? size : p.size();
            if (o instanceof Operand.Reg r) {
                Register x = r.register();
                kind[i] = switch (x.kind()) {
                    case GENERAL -> REG;
                    case SEGMENT -> SREG;
                    case CONTROL -> CREG;
                };
                reg[i] = x.number();
                if (x.kind() == Register.Kind.GENERAL) {
                    opSize[i] = x.size();
                }
            } else if (o instanceof Operand.Mem m) {
                kind[i] = MEM;
                base = m.base() == null ? -1 : m.base().number();
                index = m.index() == null ? -1 : m.index().number();
                scale = m.scale();
                disp = m.displacement();
                if (m.segment() != null) {
                    seg = m.segment().number();
                } else {
                    // SDM Vol. 1 §3.7.5: ESP/EBP bases use SS; so does BP in 16-bit addressing (Vol. 2A Table 2-1)
                    seg = base == 4 || base == 5 ? Cpu.SS : Cpu.DS;
                }
            } else if (o instanceof Operand.Imm im) {
                kind[i] = IMM;
                imm[i] = (int) im.value();
            } else if (o instanceof Operand.Far f) {
                kind[i] = IMM;
                fsel = f.selector() & 0xFFFF;
                foff = f.offset();
            }
        }
        // string instructions: a segment override prefix changes the source segment (DS:ESI)
        if (bytes.length > 0) {
            for (byte b : bytes) {
                int seg2 = switch (b & 0xFF) {
                    case 0x26 -> Cpu.ES;
                    case 0x2E -> Cpu.CS;
                    case 0x36 -> Cpu.SS;
                    case 0x3E -> Cpu.DS;
                    case 0x64 -> Cpu.FS;
                    case 0x65 -> Cpu.GS;
                    default -> -1;
                };
                if (seg2 >= 0) {
                    stringSegment = seg2;
                }
                if (seg2 < 0 && (b & 0xFF) != 0x66 && (b & 0xFF) != 0x67 && (b & 0xFF) != 0xF3 && (b & 0xFF) != 0xF2
                        && (b & 0xFF) != 0xF0) {
                    break;
                }
            }
        }
        memSeg = seg;
        memBase = base;
        memIndex = index;
        memScale = scale;
        memDisp = disp;
        farSelector = fsel;
        farOffset = foff;
        stringSeg = stringSegment;
        fast = classify();
        r0 = reg[0];
        r1 = reg[1];
        i0 = imm[0];
        i1 = imm[1];
        i2 = imm[2];
        aluOp = switch (op) {
            case ADD -> 0;
            case ADC -> 1;
            case SUB -> 2;
            case SBB -> 3;
            case CMP -> 4;
            case AND -> 5;
            case OR -> 6;
            case XOR -> 7;
            default -> 8; // TEST
        };
        chainable = !sensitive && op != Mnemonic.INT3 && op != Mnemonic.SYSENTER && op != Mnemonic.UD2;
    }

    private int classify() {
        if (rep || repne || size != 4 || addr16) {
            // 16-bit addresses stay with the interpreter (and so out of compiled blocks: Block)
            return 0;
        }
        boolean rel = arity == 1 && kind[0] == IMM && form.isBranch();
        switch (op) {
            case MOV -> {
                if (arity != 2) {
                    return 0;
                }
                int a = kind[0];
                int b = kind[1];
                return a == REG && b == REG ? F_MOV_RR : a == REG && b == IMM ? F_MOV_RI : a == REG && b == MEM ? F_MOV_RM
                        : a == MEM && b == REG ? F_MOV_MR : a == MEM && b == IMM ? F_MOV_MI : 0;
            }
            case ADD, SUB, AND, OR, XOR, CMP, TEST, ADC, SBB -> {
                int a = kind[0];
                int b = kind[1];
                return a == REG && b == REG ? F_ALU_RR : a == REG && b == IMM ? F_ALU_RI : a == REG && b == MEM ? F_ALU_RM
                        : a == MEM && b == REG ? F_ALU_MR : a == MEM && b == IMM ? F_ALU_MI : 0;
            }
            case IMUL -> {
                return arity == 3 && kind[0] == REG && kind[1] == REG && kind[2] == IMM ? F_IMUL_RI
                        : arity == 2 && kind[0] == REG && kind[1] == IMM ? F_IMUL_RI2 : 0;
            }
            case SHL, SHR, SAR, ROL, ROR -> {
                return kind[0] == REG && kind[1] == IMM ? F_SHIFT_RI : 0;
            }
            case MOVZX -> {
                return kind[0] == REG ? F_MOVZX_R : 0;
            }
            case INC -> {
                return kind[0] == REG ? F_INC_R : 0;
            }
            case DEC -> {
                return kind[0] == REG ? F_DEC_R : 0;
            }
            case PUSH -> {
                return kind[0] == REG ? F_PUSH_R : kind[0] == IMM ? F_PUSH_I : 0;
            }
            case POP -> {
                return kind[0] == REG ? F_POP_R : 0;
            }
            case JMP -> {
                return rel ? F_JMP : 0;
            }
            case CALL -> {
                return rel ? F_CALL : 0;
            }
            case RET -> {
                return arity == 0 ? F_RET : 0;
            }
            case LEA -> {
                return kind[0] == REG ? F_LEA : 0;
            }
            default -> {
                return rel && op.isConditionalJump() ? F_JCC : 0;
            }
        }
    }

    /** The exception for an invalid instruction: #UD, #GP(0) when over 15 bytes, #NM or #UD for x87 (CR0). */
    CpuFault invalidFault(Cpu cpu) {
        if (invalidVector == Decoded.NM) {
            return NoFpu.escapeFault(cpu, invalidReason);
        }
        return CpuFault.of(invalidVector, invalidReason);
    }

    boolean isValid() {
        return op != null;
    }

    @Override
    public String toString() {
        return instruction == null ? "(invalid: " + invalidReason + ")" : instruction.toString();
    }
}
