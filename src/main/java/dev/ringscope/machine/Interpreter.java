package dev.ringscope.machine;

import dev.ringscope.isa.Mnemonic;

/**
 * Executes one decoded instruction: the ordinary ones here (data movement, arithmetic, control
 * flow, strings), the system ones in {@link SystemInstructions}. On entry {@code cpu.eip} already
 * points at the next instruction; a fault is thrown before anything visible changes where the SDM
 * says so, and the machine then puts EIP back on the faulting instruction.
 */
final class Interpreter {

    private final Machine m;
    private final Cpu cpu;
    private final Bus bus;
    private final SystemInstructions system;

    Interpreter(Machine m, SystemInstructions system) {
        this.m = m;
        this.cpu = m.cpu;
        this.bus = m.bus;
        this.system = system;
    }

    int ea(Uop u) {
        int a = u.memDisp;
        if (u.memBase >= 0) {
            a += cpu.reg[u.memBase];
        }
        if (u.memIndex >= 0) {
            a += cpu.reg[u.memIndex] * u.memScale;
        }
        return u.addr16 ? a & 0xFFFF : a; // SDM Vol. 2A Table 2-1: a 16-bit sum wraps at 64 KiB
    }

    int get(Uop u, int i) {
        return switch (u.kind[i]) {
            case Uop.REG -> cpu.read(u.reg[i], u.opSize[i]);
            case Uop.MEM -> bus.read(u.memSeg, ea(u), u.opSize[i]);
            case Uop.IMM -> u.imm[i];
            case Uop.SREG -> cpu.segSelector[u.reg[i]];
            default -> throw new IllegalStateException("operand kind " + u.kind[i]);
        };
    }

    void set(Uop u, int i, int value) {
        if (u.kind[i] == Uop.REG) {
            cpu.write(u.reg[i], u.opSize[i], value);
        } else {
            bus.write(u.memSeg, ea(u), u.opSize[i], value);
        }
    }

    void execute(Uop u) {
        if (u.fast != 0 && executeFast(u)) {
            return;
        }
        executeGeneric(u);
    }

    /** The commonest 32-bit forms without the generic operand switches. */
    boolean executeFast(Uop u) {
        // every case one small call, so this switch itself stays small enough for the JIT to inline
        switch (u.fast) {
            case Uop.F_MOV_RR -> movRR(u);
            case Uop.F_MOV_RI -> cpu.reg[u.r0] = u.i1;
            case Uop.F_MOV_RM -> movRM(u);
            case Uop.F_MOV_MR -> movMR(u);
            case Uop.F_MOV_MI -> bus.write32(u.memSeg, ea(u), u.i1);
            case Uop.F_ALU_RR -> alu(u, cpu.reg[u.r0], cpu.reg[u.r1]);
            case Uop.F_ALU_RI -> alu(u, cpu.reg[u.r0], u.i1);
            case Uop.F_ALU_RM -> alu(u, cpu.reg[u.r0], bus.read32(u.memSeg, ea(u)));
            case Uop.F_INC_R -> incDec(u, true);
            case Uop.F_DEC_R -> incDec(u, false);
            case Uop.F_PUSH_R -> bus.push(4, cpu.reg[u.r0]);
            case Uop.F_PUSH_I -> bus.push(4, u.i0);
            case Uop.F_POP_R -> pop32(u.r0);
            case Uop.F_JMP -> cpu.eip = u.i0;
            case Uop.F_JCC -> jcc(u);
            case Uop.F_CALL -> call32(u);
            case Uop.F_RET -> ret32();
            case Uop.F_LEA -> cpu.reg[u.r0] = ea(u);
            case Uop.F_ALU_MR -> aluMemory(u, cpu.reg[u.r1]);
            case Uop.F_ALU_MI -> aluMemory(u, u.i1);
            case Uop.F_IMUL_RI -> cpu.reg[u.r0] = MulDiv.imul(cpu, cpu.reg[u.r1], u.i2, 4);
            case Uop.F_IMUL_RI2 -> cpu.reg[u.r0] = MulDiv.imul(cpu, cpu.reg[u.r0], u.i1, 4);
            case Uop.F_SHIFT_RI -> cpu.reg[u.r0] = Alu.shift(cpu, u.op, cpu.reg[u.r0], u.i1, 4);
            case Uop.F_MOVZX_R -> cpu.reg[u.r0] = get(u, 1);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Where the last {@link #runStraight} faulted: the index of the instruction in its block. */
    int faultAt;

    /**
     * Runs the first {@code n} instructions of a block (all of the fast kind; only the last may branch)
     * until the block is hot enough to be compiled ({@link BlockCompiler}), which is where speed is won.
     * Returns how many ran: fewer than {@code n} when one of them wrote over the block's own code
     * ({@code page} invalid). A fault leaves its index in {@link #faultAt} and propagates.
     */
    int runStraight(Uop[] uops, int n, CodeCache.Page page) {
        int i = 0;
        try {
            for (; i < n; i++) {
                Uop u = uops[i];
                if (!executeFast(u)) {
                    throw new IllegalStateException("not a fast instruction in a block: " + u.op);
                }
                if (!page.valid) {
                    return i + 1;
                }
            }
        } catch (CpuFault f) {
            faultAt = i;
            throw f;
        }
        return n;
    }

    private void movRR(Uop u) {
        int[] r = cpu.reg;
        r[u.r0] = r[u.r1];
    }

    private void movRM(Uop u) {
        cpu.reg[u.r0] = bus.read32(u.memSeg, ea(u));
    }

    private void movMR(Uop u) {
        bus.write32(u.memSeg, ea(u), cpu.reg[u.r1]);
    }

    private void incDec(Uop u, boolean inc) {
        int[] r = cpu.reg;
        r[u.r0] = Alu.incDec(cpu, r[u.r0], inc, 4);
    }

    private void jcc(Uop u) {
        if (condition(u.op.conditionCode())) {
            cpu.eip = u.i0;
        }
    }

    private void call32(Uop u) {
        bus.push(4, cpu.eip);
        cpu.eip = u.i0;
    }

    private void ret32() {
        int[] r = cpu.reg;
        cpu.eip = bus.read32(Cpu.SS, r[4]);
        r[4] += 4;
    }

    private void pop32(int register) {
        int[] r = cpu.reg;
        int v = bus.read32(Cpu.SS, r[4]);
        r[4] += 4;
        r[register] = v;
    }

    /** A two-operand ALU instruction whose destination is a 32-bit register. */
    private void alu(Uop u, int a, int b) {
        int[] r = cpu.reg;
        switch (u.aluOp) {
            case 0 -> r[u.r0] = Alu.add(cpu, a, b, 0, 4);
            case 1 -> r[u.r0] = Alu.add(cpu, a, b, cpu.carryFlag() ? 1 : 0, 4);
            case 2 -> r[u.r0] = Alu.sub(cpu, a, b, 0, 4);
            case 3 -> r[u.r0] = Alu.sub(cpu, a, b, cpu.carryFlag() ? 1 : 0, 4);
            case 4 -> Alu.sub(cpu, a, b, 0, 4);
            case 5 -> r[u.r0] = Alu.logic(cpu, a & b, 4);
            case 6 -> r[u.r0] = Alu.logic(cpu, a | b, 4);
            case 7 -> r[u.r0] = Alu.logic(cpu, a ^ b, 4);
            default -> Alu.logic(cpu, a & b, 4); // TEST
        }
    }

    /**
     * A two-operand ALU instruction whose destination is 32 bits of memory: read, write back, and
     * only then the flags, so that a write that faults (a read-only page) leaves EFLAGS as they
     * were (SDM Vol. 3A §6.5: a fault is reported with the state before the instruction).
     */
    private void aluMemory(Uop u, int b) {
        int address = ea(u);
        int a = bus.read32(u.memSeg, address);
        int op = u.aluOp;
        if (op == 4) { // CMP
            cpu.lazyFlags(Cpu.LAZY_SUB, a, b, 0, a - b, 4);
            return;
        }
        if (op == 8) { // TEST
            cpu.lazyFlags(Cpu.LAZY_LOGIC, 0, 0, 0, a & b, 4);
            return;
        }
        int carry = (op == 1 || op == 3) && cpu.carryFlag() ? 1 : 0;
        int result = switch (op) {
            case 0, 1 -> a + b + carry;
            case 2, 3 -> a - b - carry;
            case 5 -> a & b;
            case 6 -> a | b;
            default -> a ^ b;
        };
        bus.write32(u.memSeg, address, result);
        switch (op) {
            case 0, 1 -> cpu.lazyFlags(Cpu.LAZY_ADD, a, b, carry, result, 4);
            case 2, 3 -> cpu.lazyFlags(Cpu.LAZY_SUB, a, b, carry, result, 4);
            default -> cpu.lazyFlags(Cpu.LAZY_LOGIC, 0, 0, 0, result, 4);
        }
    }

    private void executeGeneric(Uop u) {
        Mnemonic op = u.op;
        int size = u.size;
        switch (op) {
            case NOP -> {
            }
            case MOV -> mov(u);
            case MOVZX -> set(u, 0, get(u, 1));
            case MOVSX -> set(u, 0, signExtend(get(u, 1), u.opSize[1]));
            case LEA -> set(u, 0, ea(u));
            case XCHG -> {
                int a = get(u, 0);
                int b = get(u, 1);
                set(u, 1, a);
                set(u, 0, b);
            }
            case ADD -> set(u, 0, Alu.add(cpu, get(u, 0), get(u, 1), 0, size));
            case ADC -> set(u, 0, Alu.add(cpu, get(u, 0), get(u, 1), cpu.eflags() & Cpu.CF, size));
            case SUB -> set(u, 0, Alu.sub(cpu, get(u, 0), get(u, 1), 0, size));
            case SBB -> set(u, 0, Alu.sub(cpu, get(u, 0), get(u, 1), cpu.eflags() & Cpu.CF, size));
            case CMP -> Alu.sub(cpu, get(u, 0), get(u, 1), 0, size);
            case AND -> set(u, 0, Alu.logic(cpu, get(u, 0) & get(u, 1), size));
            case OR -> set(u, 0, Alu.logic(cpu, get(u, 0) | get(u, 1), size));
            case XOR -> set(u, 0, Alu.logic(cpu, get(u, 0) ^ get(u, 1), size));
            case TEST -> Alu.logic(cpu, get(u, 0) & get(u, 1), size);
            case INC -> set(u, 0, Alu.incDec(cpu, get(u, 0), true, size));
            case DEC -> set(u, 0, Alu.incDec(cpu, get(u, 0), false, size));
            case NEG -> set(u, 0, Alu.neg(cpu, get(u, 0), size));
            case NOT -> set(u, 0, ~get(u, 0));
            case MUL -> MulDiv.mul(cpu, get(u, 0), size);
            case IMUL -> imul(u);
            case DIV -> MulDiv.div(cpu, get(u, 0), size);
            case IDIV -> MulDiv.idiv(cpu, get(u, 0), size);
            case ROL, ROR, RCL, RCR, SHL, SHR, SAR -> set(u, 0, Alu.shift(cpu, op, get(u, 0), get(u, 1), size));
            case CBW -> cpu.setReg16(0, (byte) cpu.reg[0]);
            case CWDE -> cpu.reg[0] = (short) cpu.reg[0];
            case CWD -> cpu.setReg16(2, (short) cpu.reg[0] < 0 ? 0xFFFF : 0);
            case CDQ -> cpu.reg[2] = cpu.reg[0] >> 31;
            case CLC -> cpu.setEflags(cpu.eflags() & ~Cpu.CF);
            case STC -> cpu.setEflags(cpu.eflags() | Cpu.CF);
            case CMC -> cpu.setEflags(cpu.eflags() ^ Cpu.CF);
            case CLD -> cpu.setEflags(cpu.eflags() & ~Cpu.DF);
            case STD -> cpu.setEflags(cpu.eflags() | Cpu.DF);
            case PUSH -> push(u);
            case POP -> pop(u);
            case PUSHAD, PUSHAW -> StackFrames.pushAll(this, size);
            case POPAD, POPAW -> StackFrames.popAll(this, size);
            case ENTER, ENTERW -> StackFrames.enter(this, u.imm[0] & 0xFFFF, u.imm[1] & 0x1F, size);
            // SDM Vol. 2A LAHF: AH = SF:ZF:0:AF:0:PF:1:CF
            case LAHF -> cpu.write(4, 1, cpu.eflags() & (Cpu.SF | Cpu.ZF | Cpu.AF | Cpu.PF | Cpu.CF) | 2);
            case SAHF -> {
                int mask = Cpu.SF | Cpu.ZF | Cpu.AF | Cpu.PF | Cpu.CF; // SDM Vol. 2B SAHF: OF and the rest kept
                cpu.setEflags(cpu.eflags() & ~mask | cpu.read(4, 1) & mask);
            }
            case XLATB -> {
                int table = cpu.reg[3] + (cpu.reg[0] & 0xFF);
                cpu.write(0, 1, bus.read(u.stringSeg, u.addr16 ? table & 0xFFFF : table, 1)); // [BX+AL] with 0x67
            }
            case JMP -> jump(u);
            case CALL -> call(u);
            case RET -> {
                int target = bus.read(Cpu.SS, cpu.reg[4], 4);
                cpu.reg[4] += 4 + (u.arity == 1 ? u.imm[0] & 0xFFFF : 0);
                cpu.eip = target;
            }
            case RETF -> m.protection.farReturn(u.arity == 1 ? u.imm[0] & 0xFFFF : 0);
            case LEAVE, LEAVEW -> StackFrames.leave(this, size);
            case LOOP, LOOPE, LOOPNE -> loop(u);
            case JECXZ -> {
                if ((u.addr16 ? cpu.reg[1] & 0xFFFF : cpu.reg[1]) == 0) { // JCXZ tests CX
                    cpu.eip = u.imm[0];
                }
            }
            case MOVSB, MOVSW, MOVSD, STOSB, STOSW, STOSD, LODSB, LODSW, LODSD, CMPSB, CMPSW, CMPSD, SCASB, SCASW,
                    SCASD -> Strings.execute(this, u);
            default -> {
                if (op.isSetcc()) {
                    set(u, 0, condition(op.conditionCode()) ? 1 : 0);
                } else if (op.isCmovcc()) {
                    // SDM Vol. 2A CMOVcc: the source is read (and may fault) whether or not it moves
                    int v = get(u, 1);
                    if (condition(op.conditionCode())) {
                        set(u, 0, v);
                    }
                } else if (BitInstructions.handles(op)) {
                    BitInstructions.execute(this, u);
                } else if (Exchanges.handles(op)) {
                    Exchanges.execute(this, u);
                } else if (op.isConditionalJump()) {
                    if (condition(op.conditionCode())) {
                        cpu.eip = u.imm[0];
                    }
                } else {
                    system.execute(u);
                }
            }
        }
    }

    private void mov(Uop u) {
        switch (u.kind[0]) {
            case Uop.SREG -> m.loadSegmentRegister(u.reg[0], get(u, 1));
            case Uop.CREG -> system.writeControlRegister(u.reg[0], get(u, 1));
            default -> {
                if (u.kind[1] == Uop.CREG) {
                    set(u, 0, system.readControlRegister(u.reg[1]));
                } else {
                    set(u, 0, get(u, 1));
                }
            }
        }
    }

    static int signExtend(int v, int size) {
        return size == 1 ? (byte) v : size == 2 ? (short) v : v;
    }

    private void imul(Uop u) {
        if (u.arity == 1) {
            MulDiv.imul1(cpu, get(u, 0), u.size);
            return;
        }
        int a = u.arity == 2 ? get(u, 0) : get(u, 1);
        int b = u.arity == 2 ? get(u, 1) : get(u, 2);
        set(u, 0, MulDiv.imul(cpu, a, b, u.size));
    }

    private void push(Uop u) {
        int v = get(u, 0);
        bus.push(u.size, v);
    }

    private void pop(Uop u) {
        int esp = cpu.reg[4];
        int v = bus.read(Cpu.SS, esp, u.size);
        if (u.kind[0] == Uop.SREG) {
            m.loadSegmentRegister(u.reg[0], v);
            cpu.reg[4] = esp + u.size;
            return;
        }
        // SDM Vol. 2B POP: ESP is incremented before a memory destination's address is computed
        cpu.reg[4] = esp + u.size;
        try {
            set(u, 0, v);
        } catch (CpuFault f) {
            cpu.reg[4] = esp;
            throw f;
        }
    }

    private void jump(Uop u) {
        if (u.form.operand(0) == dev.ringscope.isa.Pattern.FAR_PTR) {
            m.protection.farJump(u.farSelector, u.farOffset);
        } else if (u.form.operand(0) == dev.ringscope.isa.Pattern.FAR_MEM) {
            int a = ea(u);
            int offset = bus.read(u.memSeg, a, 4);
            int selector = bus.read(u.memSeg, a + 4, 2);
            m.protection.farJump(selector, offset);
        } else {
            cpu.eip = get(u, 0);
        }
    }

    private void call(Uop u) {
        int next = cpu.eip;
        if (u.form.operand(0) == dev.ringscope.isa.Pattern.FAR_PTR) {
            m.protection.farCall(u.farSelector, u.farOffset, next);
        } else if (u.form.operand(0) == dev.ringscope.isa.Pattern.FAR_MEM) {
            int a = ea(u);
            int offset = bus.read(u.memSeg, a, 4);
            int selector = bus.read(u.memSeg, a + 4, 2);
            m.protection.farCall(selector, offset, next);
        } else {
            int target = get(u, 0);
            bus.push(4, next);
            cpu.eip = target;
        }
    }

    /** SDM Vol. 2A LOOP/LOOPcc: the count is ECX, or CX with the 0x67 prefix (ECX's upper half kept). */
    private void loop(Uop u) {
        boolean zf = cpu.zeroFlag();
        int count;
        if (u.addr16) {
            count = (cpu.reg[1] - 1) & 0xFFFF;
            cpu.setReg16(1, count);
        } else {
            count = cpu.reg[1] - 1;
            cpu.reg[1] = count;
        }
        boolean go = count != 0 && (u.op == Mnemonic.LOOP || (u.op == Mnemonic.LOOPE) == zf);
        if (go) {
            cpu.eip = u.imm[0];
        }
    }

    /** The 16 conditions of Jcc (SDM Vol. 1 Appendix B, Table B-1). */
    boolean condition(int cc) {
        boolean r = switch (cc >>> 1) {
            case 0 -> cpu.overflowFlag();
            case 1 -> cpu.carryFlag();
            case 2 -> cpu.zeroFlag();
            case 3 -> cpu.carryFlag() || cpu.zeroFlag();
            case 4 -> cpu.signFlag();
            case 5 -> (cpu.eflags() & Cpu.PF) != 0;
            case 6 -> cpu.signFlag() != cpu.overflowFlag();
            default -> cpu.zeroFlag() || cpu.signFlag() != cpu.overflowFlag();
        };
        return (cc & 1) == 0 ? r : !r;
    }

    Cpu cpu() {
        return cpu;
    }

    Bus bus() {
        return bus;
    }

    Machine machine() {
        return m;
    }
}
