package dev.ringscope.machine;

import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Event;

/**
 * The protection machinery of the SDM, Vol. 3A ch. 5–6: reading descriptors, loading segment
 * registers with their privilege checks, far transfers, and delivering interrupts and exceptions
 * through the IDT with the stack switch to an inner ring.
 */
final class Protection {

    /** How an event entered the IDT: the rules differ (SDM Vol. 3A §6.12.1.1). */
    enum Source { SOFTWARE, EXCEPTION, EXTERNAL }

    private final Machine m;
    private final Cpu cpu;
    private final Bus bus;

    /** Ring compression under a VMM (see {@link Hardware#setRingCompression}). */
    boolean compressed;

    Protection(Machine m) {
        this.m = m;
        this.cpu = m.cpu;
        this.bus = m.bus;
    }

    // ---- descriptors ----

    static boolean isNull(int selector) {
        return (selector & 0xFFFC) == 0;
    }

    /** The descriptor a selector names, or #GP(selector) if it lies outside its table. */
    Descriptor descriptor(int selector, int faultVector, int ext) {
        int index = selector & 0xFFF8;
        boolean ldt = (selector & 4) != 0;
        int base = ldt ? cpu.ldtrBase : cpu.gdtrBase;
        int limit = ldt ? cpu.ldtrLimit : cpu.gdtrLimit;
        if ((ldt && isNull(cpu.ldtrSelector)) || index + 7 > (limit & 0xFFFF_FFFFL)) {
            throw CpuFault.withCode(faultVector, (selector & 0xFFFC) | ext, String.format(
                    "selector 0x%04X is beyond the %s limit 0x%X", selector, ldt ? "LDT" : "GDT", limit));
        }
        Descriptor d = new Descriptor(bus.readSystem(base + index, 4), bus.readSystem(base + index + 4, 4));
        return compressed && d.isCodeOrData() && d.dpl() == 0 ? d.withDpl(1) : d;
    }

    private Descriptor descriptor(int selector) {
        return descriptor(selector, CpuFault.GP, 0);
    }

    /**
     * Sets the accessed bit (type bit 0) of a segment descriptor in its table, as the CPU does when
     * it loads the segment into a segment register (SDM Vol. 3A §3.4.5.1: "the processor sets this
     * bit whenever it loads a segment selector for the segment into a segment register").
     */
    private void markAccessed(int selector, Descriptor d) {
        if ((d.high() & 0x100) == 0) {
            int base = (selector & 4) != 0 ? cpu.ldtrBase : cpu.gdtrBase;
            int address = base + (selector & 0xFFF8) + 4;
            bus.writeSystem(address, 4, bus.readSystem(address, 4) | 0x100); // the guest's own copy, not a shadow
        }
    }

    /** MOV/POP to DS, ES, FS, GS (SDM Vol. 2B MOV, "Operation"). */
    void loadDataSegment(int sreg, int selector) {
        selector &= 0xFFFF;
        if (isNull(selector)) {
            cpu.loadSegment(sreg, selector, 0, 0, 0);
            return;
        }
        Descriptor d = descriptor(selector);
        String name = segmentName(sreg);
        if (!d.isCodeOrData() || !d.readable()) {
            throw CpuFault.gp(selector & 0xFFFC, String.format("%s: selector 0x%04X is not a readable data or code segment", name, selector));
        }
        if (d.isData() || !d.conforming()) {
            int rpl = selector & 3;
            if (rpl > d.dpl() || cpu.cpl > d.dpl()) {
                throw CpuFault.gp(selector & 0xFFFC, String.format(
                        "%s: segment 0x%04X has DPL %d, below CPL %d / RPL %d", name, selector, d.dpl(), cpu.cpl, rpl));
            }
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.NP, selector & 0xFFFC, String.format("segment 0x%04X not present", selector));
        }
        markAccessed(selector, d);
        cpu.loadSegment(sreg, selector, d.base(), d.limit(), d.cachedAccess() | 1);
    }

    /** MOV/POP to SS, and the SS of an inter-privilege return (SDM Vol. 2B MOV). */
    void loadStackSegment(int selector, int rpl, int faultVector) {
        selector &= 0xFFFF;
        if (isNull(selector)) {
            throw CpuFault.withCode(faultVector, 0, "ss: null selector");
        }
        Descriptor d = descriptor(selector, faultVector, 0);
        if ((selector & 3) != rpl || !d.writable() || d.dpl() != rpl) {
            throw CpuFault.withCode(faultVector, selector & 0xFFFC, String.format(
                    "ss: 0x%04X is not a writable data segment with DPL and RPL %d", selector, rpl));
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.SS, selector & 0xFFFC, String.format("stack segment 0x%04X not present", selector));
        }
        markAccessed(selector, d);
        cpu.loadSegment(Cpu.SS, selector, d.base(), d.limit(), d.cachedAccess() | 1);
    }

    /** Checks a code segment for a far jmp or call (SDM Vol. 2A JMP/CALL, protected mode). */
    Descriptor codeForFarTransfer(int selector, String what) {
        if (isNull(selector)) {
            throw CpuFault.gp(0, what + ": null code selector");
        }
        Descriptor d = descriptor(selector);
        if (!d.isCodeOrData()) {
            throw CpuFault.gp(selector & 0xFFFC, String.format(
                    "%s to 0x%04X: call gates, task gates and TSS targets are not modelled", what, selector));
        }
        if (!d.isCode()) {
            throw CpuFault.gp(selector & 0xFFFC, String.format("%s to 0x%04X: not a code segment", what, selector));
        }
        int rpl = selector & 3;
        boolean ok = d.conforming() ? d.dpl() <= cpu.cpl : rpl <= cpu.cpl && d.dpl() == cpu.cpl;
        if (!ok) {
            throw CpuFault.gp(selector & 0xFFFC, String.format(
                    "%s to 0x%04X: DPL %d does not allow entry from CPL %d", what, selector, d.dpl(), cpu.cpl));
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.NP, selector & 0xFFFC, String.format("code segment 0x%04X not present", selector));
        }
        return d;
    }

    void farJump(int selector, int offset) {
        Descriptor d = codeForFarTransfer(selector, "jmp far");
        cpu.loadSegment(Cpu.CS, (selector & 0xFFFC) | cpu.cpl, d.base(), d.limit(), d.cachedAccess());
        cpu.eip = offset;
    }

    void farCall(int selector, int offset, int returnEip) {
        Descriptor d = codeForFarTransfer(selector, "call far");
        int esp = cpu.reg[4];
        bus.write(Cpu.SS, esp - 4, 4, cpu.segSelector[Cpu.CS]);
        bus.write(Cpu.SS, esp - 8, 4, returnEip);
        cpu.reg[4] = esp - 8;
        cpu.loadSegment(Cpu.CS, (selector & 0xFFFC) | cpu.cpl, d.base(), d.limit(), d.cachedAccess());
        cpu.eip = offset;
    }

    /** RETF [imm16] (SDM Vol. 2B RET, far return in protected mode). */
    void farReturn(int release) {
        int esp = cpu.reg[4];
        int eip = bus.read(Cpu.SS, esp, 4);
        int cs = bus.read(Cpu.SS, esp + 4, 4) & 0xFFFF;
        int rpl = cs & 3;
        if (rpl < cpu.cpl) {
            throw CpuFault.gp(cs & 0xFFFC, String.format("retf to 0x%04X: RPL %d is more privileged than CPL %d", cs, rpl, cpu.cpl));
        }
        Descriptor d = descriptor(cs);
        if (!d.isCode() || (d.conforming() ? d.dpl() > rpl : d.dpl() != rpl)) {
            throw CpuFault.gp(cs & 0xFFFC, String.format("retf to 0x%04X: not a code segment for ring %d", cs, rpl));
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.NP, cs & 0xFFFC, String.format("code segment 0x%04X not present", cs));
        }
        int from = cpu.cpl;
        if (rpl == cpu.cpl) {
            cpu.loadSegment(Cpu.CS, cs, d.base(), d.limit(), d.cachedAccess());
            cpu.reg[4] = esp + 8 + release;
            cpu.eip = eip;
            return;
        }
        int newEsp = bus.read(Cpu.SS, esp + 8 + release, 4);
        int newSs = bus.read(Cpu.SS, esp + 12 + release, 4) & 0xFFFF;
        int savedCpl = cpu.cpl;
        cpu.cpl = rpl; // the SS check is against the new CPL
        try {
            loadStackSegment(newSs, rpl, CpuFault.GP);
        } catch (CpuFault f) {
            cpu.cpl = savedCpl;
            throw f;
        }
        cpu.loadSegment(Cpu.CS, cs, d.base(), d.limit(), d.cachedAccess());
        cpu.reg[4] = newEsp + release;
        cpu.eip = eip;
        nullUnreachableSegments();
        m.delivery.ringTransition(from, cpu.cpl, Cause.RETURN, -1, "retf");
    }

    /** See {@link Hardware#enter}. */
    void enter(int cs, int eip, int ss, int esp, int newCpl) {
        Descriptor code = descriptor(cs);
        Descriptor stack = descriptor(ss);
        int from = cpu.cpl;
        cpu.loadSegment(Cpu.SS, (ss & 0xFFFC) | newCpl, stack.base(), stack.limit(), stack.cachedAccess() | 1);
        cpu.loadSegment(Cpu.CS, (cs & 0xFFFC) | newCpl, code.base(), code.limit(), code.cachedAccess());
        cpu.reg[4] = esp;
        cpu.eip = eip;
        if (from < newCpl) {
            nullUnreachableSegments();
        }
    }

    /** IRETD in protected mode, not to virtual-8086 mode, no task return (SDM Vol. 2A IRET). */
    void interruptReturn() {
        if ((cpu.eflags() & Cpu.NT) != 0) {
            throw CpuFault.gp(0, "iretd with NT set: task returns are not modelled");
        }
        int esp = cpu.reg[4];
        int eip = bus.read(Cpu.SS, esp, 4);
        int cs = bus.read(Cpu.SS, esp + 4, 4) & 0xFFFF;
        int flags = bus.read(Cpu.SS, esp + 8, 4);
        int rpl = cs & 3;
        if (isNull(cs)) {
            throw CpuFault.gp(0, "iretd: null code selector");
        }
        if (rpl < cpu.cpl) {
            throw CpuFault.gp(cs & 0xFFFC, String.format("iretd to 0x%04X: RPL %d is more privileged than CPL %d", cs, rpl, cpu.cpl));
        }
        Descriptor d = descriptor(cs);
        if (!d.isCode() || (d.conforming() ? d.dpl() > rpl : d.dpl() != rpl)) {
            throw CpuFault.gp(cs & 0xFFFC, String.format("iretd to 0x%04X: not a code segment for ring %d", cs, rpl));
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.NP, cs & 0xFFFC, String.format("code segment 0x%04X not present", cs));
        }
        int oldCpl = cpu.cpl;
        m.cycles += m.costs.interruptReturn();
        int newFlags = iretFlags(flags, oldCpl);
        if (rpl == oldCpl) {
            cpu.loadSegment(Cpu.CS, cs, d.base(), d.limit(), d.cachedAccess());
            cpu.reg[4] = esp + 12;
            cpu.eip = eip;
            cpu.setEflags(newFlags);
            m.delivery.noteIret(oldCpl, oldCpl);
            return;
        }
        int newEsp = bus.read(Cpu.SS, esp + 12, 4);
        int newSs = bus.read(Cpu.SS, esp + 16, 4) & 0xFFFF;
        cpu.cpl = rpl;
        try {
            loadStackSegment(newSs, rpl, CpuFault.GP);
        } catch (CpuFault f) {
            cpu.cpl = oldCpl;
            throw f;
        }
        cpu.loadSegment(Cpu.CS, cs, d.base(), d.limit(), d.cachedAccess());
        cpu.reg[4] = newEsp;
        cpu.eip = eip;
        cpu.setEflags(newFlags);
        nullUnreachableSegments();
        m.delivery.noteIret(oldCpl, rpl);
    }

    /**
     * Which EFLAGS bits IRET (and POPF) may change, by the CPL before the instruction
     * (SDM Vol. 2B POPF table): IOPL only at CPL 0, IF only at CPL &lt;= IOPL. VM, VIF, VIP stay.
     */
    int iretFlags(int popped, int oldCpl) {
        int keep = Cpu.VM | (1 << 19) | (1 << 20);
        if (oldCpl > 0) {
            keep |= Cpu.IOPL;
        }
        if (oldCpl > cpu.iopl()) {
            keep |= Cpu.IF;
        }
        return (cpu.eflags() & keep) | (popped & ~keep);
    }

    /** After a return to an outer ring, data segments the new CPL may not use become null (SDM Vol. 2B RET). */
    private void nullUnreachableSegments() {
        for (int s : new int[] {Cpu.ES, Cpu.DS, Cpu.FS, Cpu.GS}) {
            int access = cpu.segAccess[s];
            int dpl = (access >>> 5) & 3;
            boolean conformingCode = (access & 0x1C) == 0x1C;
            if (!isNull(cpu.segSelector[s]) && !conformingCode && dpl < cpu.cpl) {
                cpu.loadSegment(s, 0, 0, 0, 0);
            }
        }
    }

    // ---- interrupts and exceptions ----

    /**
     * Delivers {@code vector} through the IDT (SDM Vol. 3A §6.12.1). {@code returnEip} is what is
     * pushed: the next instruction for traps and software interrupts, the faulting one for faults.
     * Everything that can fault is done before any register changes, so a fault here leaves the
     * machine as it was and the caller can escalate it (#DF).
     */
    void deliver(int vector, int errorCode, Source source, int returnEip) {
        int ext = source == Source.SOFTWARE ? 0 : 1;
        int gateCode = vector * 8 + 2 + ext;
        if (vector * 8 + 7 > (cpu.idtrLimit & 0xFFFF_FFFFL)) {
            throw CpuFault.gp(gateCode, String.format("vector 0x%X is beyond the IDT limit 0x%X", vector, cpu.idtrLimit));
        }
        int lo = bus.readSystem(cpu.idtrBase + vector * 8, 4);
        int hi = bus.readSystem(cpu.idtrBase + vector * 8 + 4, 4);
        Descriptor gate = new Descriptor(lo, hi);
        int type = gate.type();
        if (gate.isCodeOrData() || (type != 0xE && type != 0xF)) {
            throw CpuFault.gp(gateCode, String.format("IDT entry 0x%X is not a 32-bit interrupt or trap gate (type 0x%X)", vector, type));
        }
        // ring compression: the guest kernel's int n through its own DPL-0 gates works from ring 1
        int gateDpl = compressed && gate.dpl() == 0 ? 1 : gate.dpl();
        if (source == Source.SOFTWARE && gateDpl < cpu.cpl) {
            throw CpuFault.gp(gateCode, String.format("int 0x%X from ring %d: the gate's DPL is %d", vector, cpu.cpl, gate.dpl()));
        }
        if (!gate.present()) {
            throw CpuFault.withCode(CpuFault.NP, gateCode, String.format("IDT gate 0x%X is not present", vector));
        }
        int selector = gate.gateSelector();
        if (isNull(selector)) {
            throw CpuFault.gp(ext, String.format("IDT gate 0x%X has a null code selector", vector));
        }
        Descriptor code = descriptor(selector, CpuFault.GP, ext);
        if (!code.isCode() || code.dpl() > cpu.cpl) {
            throw CpuFault.gp((selector & 0xFFFC) | ext, String.format(
                    "IDT gate 0x%X: 0x%04X is not a code segment reachable from ring %d", vector, selector, cpu.cpl));
        }
        if (!code.present()) {
            throw CpuFault.withCode(CpuFault.NP, (selector & 0xFFFC) | ext, String.format("code segment 0x%04X not present", selector));
        }
        int oldCpl = cpu.cpl;
        int flags = cpu.eflags();
        boolean inner = !code.conforming() && code.dpl() < oldCpl;
        int newCpl = inner ? code.dpl() : oldCpl;
        boolean pushCode = errorCode >= 0;
        if (inner) {
            // SDM Vol. 3A §7.2.1: ESPn at offset 4 + 8n, SSn at 8 + 8n of the 32-bit TSS
            int dpl = code.dpl();
            if (4 + dpl * 8 + 5 > cpu.trLimit) {
                throw CpuFault.withCode(CpuFault.TS, (cpu.trSelector & 0xFFFC) | ext, "the TSS is too small to hold the ring " + dpl + " stack");
            }
            // ring compression: the guest kernel's ring-1 stack is the one its TSS gives for ring 0
            int slot = compressed && dpl == 1 ? 0 : dpl;
            int newEsp = bus.readSystem(cpu.trBase + 4 + slot * 8, 4);
            int newSs = bus.readSystem(cpu.trBase + 8 + slot * 8, 2) & 0xFFFF | (compressed && dpl == 1 ? 1 : 0);
            Descriptor ss = checkInnerStack(newSs, dpl, ext);
            int base = ss.base();
            int sp = newEsp;
            int[] frame = pushCode
                    ? new int[] {cpu.segSelector[Cpu.SS], cpu.reg[4], flags, cpu.segSelector[Cpu.CS], returnEip, errorCode}
                    : new int[] {cpu.segSelector[Cpu.SS], cpu.reg[4], flags, cpu.segSelector[Cpu.CS], returnEip};
            int supervisor = 0;
            for (int v : frame) {
                sp -= 4;
                bus.writeLinear(base + sp, 4, v, supervisor);
            }
            markAccessed(newSs, ss);
            cpu.loadSegment(Cpu.SS, newSs, base, ss.limit(), ss.cachedAccess() | 1);
            cpu.reg[4] = sp;
        } else {
            int sp = cpu.reg[4];
            int[] frame = pushCode ? new int[] {flags, cpu.segSelector[Cpu.CS], returnEip, errorCode}
                    : new int[] {flags, cpu.segSelector[Cpu.CS], returnEip};
            for (int v : frame) {
                sp -= 4;
                bus.write(Cpu.SS, sp, 4, v);
            }
            cpu.reg[4] = sp;
        }
        cpu.loadSegment(Cpu.CS, (selector & 0xFFFC) | newCpl, code.base(), code.limit(), code.cachedAccess());
        cpu.eip = gate.gateOffset();
        int cleared = Cpu.TF | Cpu.NT | Cpu.RF | Cpu.VM | (type == 0xE ? Cpu.IF : 0);
        cpu.setEflags(flags & ~cleared);
    }

    private Descriptor checkInnerStack(int ss, int dpl, int ext) {
        if (isNull(ss)) {
            throw CpuFault.withCode(CpuFault.TS, ext, "the TSS holds a null SS for ring " + dpl);
        }
        Descriptor d = descriptor(ss, CpuFault.TS, ext);
        if ((ss & 3) != dpl || !d.writable() || d.dpl() != dpl) {
            throw CpuFault.withCode(CpuFault.TS, (ss & 0xFFFC) | ext, String.format(
                    "the TSS's SS 0x%04X for ring %d is not a writable ring-%d data segment", ss, dpl, dpl));
        }
        if (!d.present()) {
            throw CpuFault.withCode(CpuFault.SS, (ss & 0xFFFC) | ext, String.format("stack segment 0x%04X not present", ss));
        }
        return d;
    }

    static String segmentName(int sreg) {
        return switch (sreg) {
            case Cpu.ES -> "es";
            case Cpu.CS -> "cs";
            case Cpu.SS -> "ss";
            case Cpu.DS -> "ds";
            case Cpu.FS -> "fs";
            default -> "gs";
        };
    }

}
