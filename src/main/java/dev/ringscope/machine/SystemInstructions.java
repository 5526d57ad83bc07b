package dev.ringscope.machine;

import dev.ringscope.trace.Cause;

/**
 * The system instructions: interrupt flag, halting, I/O, descriptor tables, control registers,
 * MSRs, SYSENTER/SYSEXIT and the segment-inspection instructions, each with its privilege rule
 * from the SDM (Vol. 3A §5.9 for the privileged ones, Vol. 2 for the rest).
 */
final class SystemInstructions {

    private final Machine m;
    private final Cpu cpu;
    private final Bus bus;
    private Interpreter interpreter;

    SystemInstructions(Machine m) {
        this.m = m;
        this.cpu = m.cpu;
        this.bus = m.bus;
    }

    void attach(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    private void privileged(Uop u) {
        if (cpu.cpl > 0) {
            throw CpuFault.gp(0, u.op.lowerName() + " is privileged: it needs CPL 0, and CPL is " + cpu.cpl);
        }
    }

    private void ioplSensitive(Uop u) {
        if (cpu.cpl > cpu.iopl()) {
            throw CpuFault.gp(0, u.op.lowerName() + " at CPL " + cpu.cpl + " with IOPL " + cpu.iopl());
        }
    }

    void execute(Uop u) {
        switch (u.op) {
            case CLI -> {
                ioplSensitive(u);
                cpu.setEflags(cpu.eflags() & ~Cpu.IF);
            }
            case STI -> {
                ioplSensitive(u);
                if ((cpu.eflags() & Cpu.IF) == 0) {
                    m.interruptShadow(); // SDM Vol. 2B STI: interrupts wait one more instruction
                }
                cpu.setEflags(cpu.eflags() | Cpu.IF);
                m.interruptsMayBeDeliverable();
            }
            case HLT -> {
                privileged(u);
                m.halt();
            }
            case PUSHFD -> bus.push(4, cpu.eflags() & ~(Cpu.VM | Cpu.RF));
            case PUSHFW -> bus.push(2, cpu.eflags() & 0xFFFF); // SDM Vol. 2B PUSHF: the low 16 bits
            case POPFD -> popf(4);
            case POPFW -> popf(2);
            case INT -> m.delivery.softwareInterrupt(u.imm[0] & 0xFF, cpu.eip, "int " + hex(u.imm[0] & 0xFF));
            case INT3 -> m.delivery.softwareInterrupt(3, cpu.eip, "int3");
            case IRETD -> m.protection.interruptReturn();
            case UD2 -> throw CpuFault.of(CpuFault.UD, "ud2: the defined invalid instruction");
            case IN -> {
                int port = u.kind[1] == Uop.IMM ? u.imm[1] & 0xFF : cpu.reg[2] & 0xFFFF;
                checkIo(port, u.size);
                cpu.write(0, u.size, m.io.in(port, u.size));
            }
            case OUT -> {
                int port = u.kind[0] == Uop.IMM ? u.imm[0] & 0xFF : cpu.reg[2] & 0xFFFF;
                checkIo(port, u.size);
                m.io.out(port, u.size, cpu.read(0, u.size));
            }
            case INSB, INSW, INSD, OUTSB, OUTSW, OUTSD -> stringIo(u);
            case CPUID -> cpuid();
            case WAIT -> NoFpu.checkWait(cpu);
            case RDTSC -> {
                if ((cpu.cr4 & Cpu.CR4_TSD) != 0 && cpu.cpl > 0) {
                    throw CpuFault.gp(0, "rdtsc at CPL " + cpu.cpl + " with CR4.TSD set");
                }
                cpu.reg[0] = (int) m.cycles;
                cpu.reg[2] = (int) (m.cycles >>> 32);
            }
            case RDMSR -> {
                privileged(u);
                long v = readMsr(cpu.reg[1]);
                cpu.reg[0] = (int) v;
                cpu.reg[2] = (int) (v >>> 32);
            }
            case WRMSR -> {
                privileged(u);
                writeMsr(cpu.reg[1], (cpu.reg[2] & 0xFFFF_FFFFL) << 32 | (cpu.reg[0] & 0xFFFF_FFFFL));
            }
            case LGDT, LIDT -> {
                privileged(u);
                int a = interpreter.ea(u);
                int limit = bus.read(u.memSeg, a, 2);
                int base = bus.read(u.memSeg, a + 2, 4);
                if (u.op == dev.ringscope.isa.Mnemonic.LGDT) {
                    cpu.gdtrLimit = limit;
                    cpu.gdtrBase = base;
                } else {
                    cpu.idtrLimit = limit;
                    cpu.idtrBase = base;
                }
            }
            case SGDT, SIDT -> {
                int a = interpreter.ea(u);
                boolean gdt = u.op == dev.ringscope.isa.Mnemonic.SGDT;
                bus.write(u.memSeg, a, 2, gdt ? cpu.gdtrLimit : cpu.idtrLimit);
                bus.write(u.memSeg, a + 2, 4, gdt ? cpu.gdtrBase : cpu.idtrBase);
            }
            case LLDT -> {
                privileged(u);
                loadLdt(interpreter.get(u, 0) & 0xFFFF);
            }
            case SLDT -> storeSelector(u, cpu.ldtrSelector);
            case LTR -> {
                privileged(u);
                loadTaskRegister(interpreter.get(u, 0) & 0xFFFF);
            }
            case STR -> storeSelector(u, cpu.trSelector);
            case LMSW -> {
                privileged(u);
                int msw = interpreter.get(u, 0) & 0xF;
                // SDM Vol. 2A LMSW: PE can be set but not cleared
                writeControlRegister(0, (cpu.cr0 & ~0xE) | msw | (cpu.cr0 & 1));
            }
            case SMSW -> {
                // QEMU stores all of CR0 to a 32-bit register, the low 16 bits to memory
                if (u.kind[0] == Uop.MEM) {
                    bus.write(u.memSeg, interpreter.ea(u), 2, cpu.cr0);
                } else {
                    cpu.write(u.reg[0], u.opSize[0], cpu.cr0);
                }
            }
            case INVLPG -> {
                privileged(u);
                m.paging.invalidate(cpu.segBase[u.memSeg] + interpreter.ea(u));
            }
            case CLTS -> {
                privileged(u);
                cpu.cr0 &= ~Cpu.CR0_TS;
            }
            case WBINVD, INVD -> privileged(u);
            case LAR, LSL, VERR, VERW -> SegmentInspection.execute(interpreter, m.protection, u);
            case SYSENTER -> sysenter();
            case SYSEXIT -> sysexit(u);
            case VMXON, VMXOFF, VMPTRLD, VMPTRST, VMCLEAR, VMLAUNCH, VMRESUME, VMCALL, VMREAD, VMWRITE ->
                    throw CpuFault.of(CpuFault.UD, u.op.lowerName() + " outside VMX operation (this CPU does not enter VMX)");
            default -> throw CpuFault.of(CpuFault.UD, u.op.lowerName() + " is not implemented");
        }
    }

    private static String hex(int v) {
        return "0x" + Integer.toHexString(v).toUpperCase(java.util.Locale.ROOT);
    }

    /** POPF (SDM Vol. 2B): which flags change depends on CPL and IOPL, and nothing faults. */
    /**
     * POPFD, or POPFW with {@code size} 2 (SDM Vol. 2B POPF): the same CPL and IOPL rules for IF and
     * IOPL; POPFD clears RF, POPFW changes only the low 16 bits (so VM, RF, AC, ID stay).
     */
    private void popf(int size) {
        int popped = bus.read(Cpu.SS, cpu.reg[4], size);
        int before = cpu.eflags();
        int result = size == 4 ? m.protection.iretFlags(popped, cpu.cpl) & ~Cpu.RF
                : before & 0xFFFF_0000 | m.protection.iretFlags(popped, cpu.cpl) & 0xFFFF;
        cpu.reg[4] += size;
        cpu.setEflags(result);
        if ((before & Cpu.IF) == 0 && (result & Cpu.IF) != 0) {
            m.interruptsMayBeDeliverable();
        }
    }

    /**
     * IN/OUT at CPL &gt; IOPL consult the TSS I/O permission bitmap (SDM Vol. 1 §18.5.2): every bit
     * for the ports accessed must be clear and inside the TSS limit.
     */
    private void checkIo(int port, int size) {
        if (cpu.cpl <= cpu.iopl()) {
            return;
        }
        String why = String.format("port 0x%X at CPL %d with IOPL %d", port, cpu.cpl, cpu.iopl());
        if (cpu.trLimit < 103) {
            throw CpuFault.gp(0, why + ", and no I/O bitmap in the TSS");
        }
        int mapBase = bus.readSystem(cpu.trBase + 102, 2) & 0xFFFF;
        for (int p = port; p < port + size; p++) {
            int offset = mapBase + (p >>> 3);
            if (offset > cpu.trLimit) {
                throw CpuFault.gp(0, why + ", outside the TSS's I/O bitmap");
            }
            if ((bus.readSystem(cpu.trBase + offset, 1) & (1 << (p & 7))) != 0) {
                throw CpuFault.gp(0, why + ", denied by the I/O bitmap");
            }
        }
    }

    private void stringIo(Uop u) {
        int size = switch (u.op) {
            case INSB, OUTSB -> 1;
            case INSW, OUTSW -> 2;
            default -> 4;
        };
        boolean input = switch (u.op) {
            case INSB, INSW, INSD -> true;
            default -> false;
        };
        int port = cpu.reg[2] & 0xFFFF;
        checkIo(port, size);
        int step = (cpu.eflags() & Cpu.DF) != 0 ? -size : size;
        boolean a16 = u.addr16;
        do {
            if (u.rep && Strings.count(cpu, a16) == 0) {
                return;
            }
            if (input) {
                bus.write(Cpu.ES, Strings.address(cpu, Strings.EDI, a16), size, m.io.in(port, size));
                Strings.advance(cpu, Strings.EDI, step, a16);
            } else {
                m.io.out(port, size, bus.read(u.stringSeg, Strings.address(cpu, Strings.ESI, a16), size));
                Strings.advance(cpu, Strings.ESI, step, a16);
            }
            if (u.rep) {
                Strings.advance(cpu, Strings.ECX, -1, a16);
            }
        } while (u.rep);
    }

    private void storeSelector(Uop u, int selector) {
        if (u.kind[0] == Uop.MEM) {
            bus.write(u.memSeg, interpreter.ea(u), 2, selector);
        } else {
            cpu.write(u.reg[0], u.opSize[0], selector & 0xFFFF);
        }
    }

    private void loadLdt(int selector) {
        if (Protection.isNull(selector)) {
            cpu.ldtrSelector = selector;
            cpu.ldtrBase = 0;
            cpu.ldtrLimit = 0;
            return;
        }
        if ((selector & 4) != 0) {
            throw CpuFault.gp(selector & 0xFFFC, "lldt: the selector must point into the GDT");
        }
        Descriptor d = m.protection.descriptor(selector, CpuFault.GP, 0);
        if (d.isCodeOrData() || d.type() != 2) {
            throw CpuFault.gp(selector & 0xFFFC, String.format("lldt: 0x%04X is not an LDT descriptor", selector));
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.NP, selector & 0xFFFC, "lldt: LDT descriptor not present");
        }
        cpu.ldtrSelector = selector;
        cpu.ldtrBase = d.base();
        cpu.ldtrLimit = d.limit();
    }

    /** LTR (SDM Vol. 2A): an available 32-bit TSS in the GDT, which becomes busy. */
    private void loadTaskRegister(int selector) {
        if (Protection.isNull(selector) || (selector & 4) != 0) {
            throw CpuFault.gp(selector & 0xFFFC, String.format("ltr: 0x%04X is not a GDT selector", selector));
        }
        Descriptor d = m.protection.descriptor(selector, CpuFault.GP, 0);
        if (d.isCodeOrData() || d.type() != 9) {
            throw CpuFault.gp(selector & 0xFFFC, String.format("ltr: 0x%04X is not an available 32-bit TSS", selector));
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.NP, selector & 0xFFFC, "ltr: TSS descriptor not present");
        }
        int highAddress = cpu.gdtrBase + (selector & 0xFFF8) + 4;
        bus.writeSystem(highAddress, 4, d.high() | 0x200); // busy
        cpu.trSelector = selector;
        cpu.trBase = d.base();
        cpu.trLimit = d.limit();
    }

    int readControlRegister(int n) {
        if (cpu.cpl > 0) {
            throw CpuFault.gp(0, "mov from cr" + n + " is privileged: CPL is " + cpu.cpl);
        }
        return switch (n) {
            case 0 -> cpu.cr0;
            case 2 -> cpu.cr2;
            case 3 -> cpu.cr3;
            default -> cpu.cr4;
        };
    }

    void writeControlRegister(int n, int value) {
        if (cpu.cpl > 0) {
            throw CpuFault.gp(0, "mov to cr" + n + " is privileged: CPL is " + cpu.cpl);
        }
        switch (n) {
            case 0 -> {
                if ((value & Cpu.CR0_PG) != 0 && (value & Cpu.CR0_PE) == 0) {
                    throw CpuFault.gp(0, "mov to cr0: paging (PG) without protection (PE)");
                }
                int old = cpu.cr0;
                cpu.cr0 = value | Cpu.CR0_ET; // ET is hard-wired to 1 since the 486 (QEMU agrees)
                if (((old ^ cpu.cr0) & (Cpu.CR0_PG | Cpu.CR0_WP | Cpu.CR0_PE)) != 0) {
                    m.paging.flush();
                }
            }
            case 2 -> cpu.cr2 = value;
            case 3 -> {
                cpu.cr3 = value;
                m.paging.flush();
            }
            default -> {
                int old = cpu.cr4;
                cpu.cr4 = value;
                if (((old ^ value) & Cpu.CR4_PSE) != 0) {
                    m.paging.flush();
                }
            }
        }
    }

    static final int MSR_TSC = 0x10, MSR_SYSENTER_CS = 0x174, MSR_SYSENTER_ESP = 0x175, MSR_SYSENTER_EIP = 0x176;

    private long readMsr(int msr) {
        return switch (msr) {
            case MSR_TSC -> m.cycles;
            case MSR_SYSENTER_CS -> cpu.sysenterCs & 0xFFFF_FFFFL;
            case MSR_SYSENTER_ESP -> cpu.sysenterEsp & 0xFFFF_FFFFL;
            case MSR_SYSENTER_EIP -> cpu.sysenterEip & 0xFFFF_FFFFL;
            default -> throw CpuFault.gp(0, String.format("rdmsr: MSR 0x%X is not modelled", msr));
        };
    }

    private void writeMsr(int msr, long value) {
        switch (msr) {
            case MSR_SYSENTER_CS -> cpu.sysenterCs = (int) value;
            case MSR_SYSENTER_ESP -> cpu.sysenterEsp = (int) value;
            case MSR_SYSENTER_EIP -> cpu.sysenterEip = (int) value;
            case MSR_TSC -> {
            }
            default -> throw CpuFault.gp(0, String.format("wrmsr: MSR 0x%X is not modelled", msr));
        }
    }

    /** SYSENTER (SDM Vol. 2B): flat ring-0 CS and SS from IA32_SYSENTER_CS, ESP and EIP from the MSRs. */
    private void sysenter() {
        if ((cpu.cr0 & Cpu.CR0_PE) == 0 || (cpu.sysenterCs & 0xFFFC) == 0) {
            throw CpuFault.gp(0, "sysenter with IA32_SYSENTER_CS not set up");
        }
        int from = cpu.cpl;
        m.cycles += m.costs.fastSystemCall();
        int cs = cpu.sysenterCs & 0xFFFC;
        cpu.setEflags(cpu.eflags() & ~(Cpu.VM | Cpu.IF | Cpu.RF));
        cpu.loadSegment(Cpu.CS, cs, 0, -1, 0xC09B);
        cpu.loadSegment(Cpu.SS, cs + 8, 0, -1, 0xC093);
        cpu.reg[4] = cpu.sysenterEsp;
        cpu.eip = cpu.sysenterEip;
        m.delivery.systemCall("sysenter", from);
        m.delivery.ringTransition(from, 0, Cause.SYSTEM_CALL, -1, "sysenter");
    }

    /** SYSEXIT (SDM Vol. 2B): back to ring 3 at EDX with ESP = ECX. */
    private void sysexit(Uop u) {
        privileged(u);
        if ((cpu.sysenterCs & 0xFFFC) == 0) {
            throw CpuFault.gp(0, "sysexit with IA32_SYSENTER_CS not set up");
        }
        m.cycles += m.costs.fastSystemCall();
        int from = cpu.cpl;
        int cs = cpu.sysenterCs & 0xFFFC;
        cpu.loadSegment(Cpu.CS, (cs + 16) | 3, 0, -1, 0xC0FB);
        cpu.loadSegment(Cpu.SS, (cs + 24) | 3, 0, -1, 0xC0F3);
        cpu.reg[4] = cpu.reg[1];
        cpu.eip = cpu.reg[2];
        m.delivery.ringTransition(from, 3, Cause.RETURN, -1, "sysexit");
    }

    /** CPUID (see {@link CpuId}): EAX, EBX, ECX, EDX from the leaf in EAX. */
    private void cpuid() {
        int[] r = CpuId.leaf(cpu.reg[0]);
        cpu.reg[0] = r[0];
        cpu.reg[3] = r[1];
        cpu.reg[1] = r[2];
        cpu.reg[2] = r[3];
    }
}
