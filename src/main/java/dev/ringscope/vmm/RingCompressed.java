package dev.ringscope.vmm;

import dev.ringscope.isa.Decoded;
import dev.ringscope.isa.Instruction;
import dev.ringscope.isa.Mnemonic;
import dev.ringscope.isa.Operand;
import dev.ringscope.isa.Register;
import dev.ringscope.machine.Cpu;
import dev.ringscope.machine.CpuFault;
import dev.ringscope.machine.Machine;
import dev.ringscope.trace.Cause;

/**
 * The software VMMs' common ground: the VMM owns ring 0 (and the real IDT), the guest kernel is
 * pushed out to ring 1 ("ring compression": the shadow descriptor tables give its DPL-0 segments
 * DPL 1), and the guest kernel's interrupt flag and IOPL live in a virtual CPU, because the real
 * ones must stay the VMM's. Exceptions, interrupts and system calls reach the VMM first and are
 * reflected into the guest's IDT; trapped privileged instructions are emulated on the virtual CPU.
 * Memory is virtualized by {@link ShadowPaging} unless a subclass says otherwise.
 */
abstract class RingCompressed extends Vmm {

    /** Where the VMM's own descriptor tables are (in its memory, at the top of the address space). */
    static final int VMM_GDT = 0xFFC0_1000, VMM_IDT = 0xFFC0_2000;
    private static final int KEEP_ON_POPF = Cpu.VM | (1 << 19) | (1 << 20);

    /** The virtual CPU: the guest kernel's EFLAGS.IF and IOPL (the real ones stay IF=1, IOPL=0 in ring 1). */
    private boolean vif;
    protected int viopl;
    /** The virtual APIC's task-priority register. */
    protected int virtualTpr;
    protected ShadowPaging shadow = new ShadowPaging();

    RingCompressed(CostModel cost) {
        super(cost);
    }


    /** Whether guest page tables are shadowed (paravirtual guests update theirs by hypercall). */
    protected boolean shadowPaging() {
        return true;
    }

    @Override
    public void booted() {
        hw.setRingCompression(true);
        setVif((cpu.eflags() & Cpu.IF) != 0);
        viopl = cpu.iopl();
        cpu.setEflags((cpu.eflags() | Cpu.IF) & ~Cpu.IOPL);
        // the loader's flat ring-0 segments, as ring 1 sees them through the shadow GDT
        for (int s = 0; s < 6; s++) {
            cpu.segSelector[s] = cpu.segSelector[s] == 0 ? 0 : cpu.segSelector[s] | 1;
            if ((cpu.segAccess[s] & 0x60) == 0 && cpu.segAccess[s] != 0) {
                cpu.segAccess[s] |= 0x20;
            }
        }
        cpu.cpl = 1;
    }

    /** The guest kernel's interrupt flag (a byte in the shared page under paravirtualization). */
    protected boolean vif() {
        return vif;
    }

    protected void setVif(boolean on) {
        vif = on;
    }

    @Override
    public boolean guestInterruptsEnabled() {
        return cpu.cpl == 3 ? (cpu.eflags() & Cpu.IF) != 0 : vif();
    }

    /** EFLAGS as the guest should see them: the virtual IF and IOPL while its kernel runs. */
    protected int guestFlags() {
        int f = cpu.eflags();
        if (cpu.cpl == 3) {
            return f;
        }
        return (f & ~(Cpu.IF | Cpu.IOPL)) | (vif() ? Cpu.IF : 0) | viopl << 12;
    }

    /** The guest kernel gets control in ring 1: take IF and IOPL into the virtual CPU, real ones back to the VMM's. */
    protected void enteredKernel() {
        if (cpu.cpl != 3) {
            setVif((cpu.eflags() & Cpu.IF) != 0);
            viopl = cpu.iopl();
            cpu.setEflags((cpu.eflags() | Cpu.IF) & ~Cpu.IOPL | realKernelIopl() << 12);
        }
    }

    /** The IOPL the guest kernel really runs with in ring 1 (0: its I/O and cli/sti trap). */
    protected int realKernelIopl() {
        return 0;
    }

    @Override
    public int virtualRegister(dev.ringscope.trace.ArchRegister register, Cpu c) {
        return switch (register) {
            case V_EFLAGS -> guestFlags();
            case V_CS -> guestSelector(c.segSelector[Cpu.CS]);
            case V_SS -> guestSelector(c.segSelector[Cpu.SS]);
            case V_CPL -> c.cpl == 3 ? 3 : 0;
            default -> 0;
        };
    }

    /** Guest control reached ring 3 by an instruction the VMM carried out: the user's flags are real again. */
    protected void leftForUser(int userFlags) {
        if (cpu.cpl == 3) {
            cpu.setEflags((cpu.eflags() & ~(Cpu.IF | Cpu.IOPL)) | (userFlags & (Cpu.IF | Cpu.IOPL)));
            hw.interruptsMayBeDeliverable();
        }
    }

    // ---------------------------------------------------------------- events the VMM sees first

    /** The hardware takes the guest into the VMM in ring 0 (an exception, int n, IRQ or sysenter): drawn and paid for. */
    protected void enterVmm(Cause cause, int vector, String label) {
        transition(cpu.cpl, 0, cause, vector, label);
        charge(VmmStats.Category.TRANSITIONS, cost.trap());
    }

    @Override
    public boolean exception(CpuFault fault, int faultingEip, int returnEip) {
        int from = cpu.cpl;
        stats.traps++;
        enterVmm(Cause.EXCEPTION, fault.vector(), CpuFault.mnemonic(fault.vector()));
        if (from != 3 && fault.vector() == CpuFault.GP) {
            try {
                if (emulate(faultingEip, true)) {
                    transition(0, cpu.cpl, Cause.RETURN, -1, "resume");
                    return true;
                }
            } catch (CpuFault second) {
                reflectException(second, faultingEip, "reflect " + CpuFault.mnemonic(second.vector()));
                return true;
            }
        }
        reflectException(fault, returnEip, "reflect " + CpuFault.mnemonic(fault.vector()));
        return true;
    }

    protected void reflectException(CpuFault fault, int returnEip, String label) {
        reflect(fault.vector(), fault.errorCode(), false, returnEip, Cause.EXCEPTION, label);
    }

    /** Delivers through the guest's IDT into its kernel in ring 1, with the guest's view of EFLAGS in the frame. */
    protected void reflect(int vector, int errorCode, boolean software, int returnEip, Cause cause, String label) {
        int real = cpu.eflags();
        cpu.setEflags(guestFlags());
        try {
            hw.reflect(vector, errorCode, software, returnEip, 0, cause, label);
        } catch (CpuFault f) {
            cpu.setEflags(real);
            throw f;
        }
        enteredKernel();
        stats.reflected++;
        charge(VmmStats.Category.VMM, cost.reflect());
    }

    @Override
    public boolean softwareInterrupt(int vector, int nextEip, String label) {
        int from = cpu.cpl;
        Cause cause = from == 3 && vector != 3 ? Cause.SYSTEM_CALL : Cause.EXCEPTION;
        enterVmm(cause, vector, label);
        if (cause == Cause.SYSTEM_CALL) {
            hw.systemCall(label, from);
        }
        reflect(vector, -1, true, nextEip, cause, "reflect " + label);
        return true;
    }

    @Override
    public boolean externalInterrupt(int irq, int vector) {
        enterVmm(Cause.INTERRUPT, vector, "IRQ " + irq);
        reflect(vector, -1, false, cpu.eip, Cause.INTERRUPT, "IRQ " + irq);
        return true;
    }

    /** SYSENTER from ring 3 reaches the VMM (the real MSRs are its own) and is bounced into the guest kernel in ring 1. */
    protected boolean sysenter(int eip, byte[] bytes) {
        if (cpu.cpl != 3 || (cpu.sysenterCs & 0xFFFC) == 0) {
            return false;
        }
        enterVmm(Cause.SYSTEM_CALL, -1, "sysenter");
        hw.systemCall("sysenter", 3);
        int userFlags = cpu.eflags();
        int cs = cpu.sysenterCs & 0xFFFC;
        hw.enter(cs, cpu.sysenterEip, cs + 8, cpu.sysenterEsp, 1);
        cpu.setEflags(userFlags & ~(Cpu.VM | Cpu.RF | Cpu.IF | Cpu.IOPL) | Cpu.IF | realKernelIopl() << 12);
        setVif(false); // SYSENTER clears IF (SDM Vol. 2B)
        viopl = (userFlags & Cpu.IOPL) >>> 12;
        transition(0, 1, Cause.SYSTEM_CALL, -1, "reflect sysenter");
        charge(VmmStats.Category.VMM, cost.reflect());
        stats.reflected++;
        hw.retire(eip, bytes);
        return true;
    }

    // ---------------------------------------------------------------- emulation on the virtual CPU

    /**
     * Carries out the sensitive instruction at {@code eip} for the guest kernel, on the virtual
     * CPU; false if it is not one the VMM emulates. {@code trapped}: reached by a #GP (trap and
     * emulate); otherwise a callout from translated code.
     */
    protected boolean emulate(int eip, boolean trapped) {
        Decoded d = decode(eip);
        if (!d.isValid()) {
            return false;
        }
        byte[] bytes = new byte[d.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) hw.read(eip + i, 1);
        }
        return emulate(eip, d.instruction(), bytes, trapped);
    }

    /** The same, for an instruction already decoded (a callout from translated code). */
    protected boolean emulate(int eip, Instruction insn, byte[] bytes, boolean trapped) {
        int next = eip + bytes.length;
        calledOut = !trapped;
        String effect = carryOut(eip, next, insn);
        if (effect == null) {
            cpu.eip = eip;
            return false;
        }
        stats.emulated++;
        if (hw.tracing()) {
            emulatedEvent(eip, insn.toString(), effect);
        }
        if (trapped) {
            charge(VmmStats.Category.VMM, cost.emulate());
        }
        boolean halt = insn.mnemonic() == Mnemonic.HLT;
        hw.retire(eip, bytes);
        if (halt) {
            hw.halt();
        }
        return true;
    }

    /**
     * POPFD, or POPFW ({@code size} 2), for the guest kernel: IF and IOPL go to the virtual CPU, the
     * rest to the real EFLAGS; POPFD clears RF, POPFW leaves the upper half alone (SDM Vol. 2B POPF).
     */
    private String popFlags(int next, int size) {
        int popped = hw.pop(size);
        cpu.eip = next;
        boolean wasOn = vif();
        int keep = KEEP_ON_POPF | Cpu.IF | Cpu.IOPL | ~sizeMask(size);
        cpu.setEflags((cpu.eflags() & keep) | (popped & ~keep & ~(size == 4 ? Cpu.RF : 0)));
        setVif((popped & Cpu.IF) != 0);
        viopl = (popped & Cpu.IOPL) >>> 12;
        if (vif() && !wasOn) {
            hw.interruptsMayBeDeliverable();
        }
        return "virtual IF = " + (vif() ? 1 : 0) + ", IOPL = " + viopl + " from the popped "
                + (size == 2 ? "FLAGS" : "EFLAGS");
    }

    private static int sizeMask(int size) {
        return size == 2 ? 0xFFFF : -1;
    }

    /** The instruction being emulated came by a callout from translated code: no crossing into the VMM drawn yet. */
    private boolean calledOut;

    /** Does the instruction's work on the virtual CPU; returns what it did in words, or null. */
    private String carryOut(int eip, int next, Instruction insn) {
        Mnemonic op = insn.mnemonic();
        switch (op) {
            case CLI -> {
                cpu.eip = next;
                setVif(false);
                return "virtual IF = 0 (the real IF stays 1: the VMM still takes interrupts)";
            }
            case STI -> {
                cpu.eip = next;
                if (!vif()) {
                    setVif(true);
                    hw.interruptShadow();
                    hw.interruptsMayBeDeliverable();
                }
                return "virtual IF = 1";
            }
            case HLT -> {
                cpu.eip = next;
                return "the virtual CPU waits for its next interrupt";
            }
            case PUSHFD, PUSHFW -> {
                cpu.eip = next;
                int size = op == Mnemonic.PUSHFW ? 2 : 4;
                hw.push(size, guestFlags() & ~(Cpu.VM | Cpu.RF) & sizeMask(size));
                return "pushed " + (size == 2 ? "FLAGS" : "EFLAGS") + " with the virtual IF=" + (vif() ? 1 : 0)
                        + " and IOPL=" + viopl;
            }
            case POPFD, POPFW -> {
                return popFlags(next, op == Mnemonic.POPFW ? 2 : 4);
            }
            case IRETD -> {
                return interruptReturn(eip);
            }
            case MOV -> {
                return moveSegmentOrControl(eip, next, insn);
            }
            case POP -> {
                if (insn.operand(0) instanceof Operand.Reg r && r.register() == Register.SS) {
                    int selector = hw.readSegment(Cpu.SS, cpu.reg[4], 4) & 0xFFFF;
                    hw.loadSegment(Cpu.SS, ringOne(selector));
                    cpu.reg[4] += 4;
                    cpu.eip = next;
                    hw.interruptShadow();
                    return "SS = " + hex(ringOne(selector)) + " (the guest's selector with RPL 1)";
                }
                return null;
            }
            case PUSH -> {
                if (insn.operand(0) instanceof Operand.Reg r && r.register().kind() == Register.Kind.SEGMENT) {
                    hw.executeDirect(eip);
                    int pushed = hw.readSegment(Cpu.SS, cpu.reg[4], 4);
                    hw.write(cpu.segBase[Cpu.SS] + cpu.reg[4], 4, guestSelector(pushed));
                    return "pushed " + r.register() + " as the guest sees it (RPL 0)";
                }
                return null;
            }
            case RETF -> {
                int cs = hw.readSegment(Cpu.SS, cpu.reg[4] + 4, 4) & 0xFFFF;
                if ((cs & 3) == 0) {
                    hw.write(cpu.segBase[Cpu.SS] + cpu.reg[4] + 4, 4, cs | 1);
                }
                hw.executeDirect(eip);
                return "far return into the guest kernel, in ring 1";
            }
            case SYSEXIT -> {
                hw.executeAsRing0(eip);
                leftForUser((vif() ? Cpu.IF : 0) | viopl << 12);
                return "back to the guest's user code in ring 3";
            }
            case IN, OUT, INSB, INSW, INSD, OUTSB, OUTSW, OUTSD -> {
                long access = HardwareAssisted.ioQualification(insn, cpu.reg[2]);
                hw.executeAsRing0(eip);
                int port = (int) (access >>> 16);
                boolean drawCallout = calledOut && host.servesInUserSpace(port) && cpu.cpl != 0;
                int guestRing = cpu.cpl;
                if (drawCallout) { // the trip through the host starts and ends in the VMM: show the way in and out
                    transition(guestRing, 0, Cause.FAR_TRANSFER, -1, "callout to the VMM");
                }
                portServed(port, (access & 8) == 0, false);
                if (drawCallout) {
                    transition(0, guestRing, Cause.RETURN, -1, "back to the translated code");
                }
                return host.servesInUserSpace(port) ? "port access passed to the VMM process's device model"
                        : "port access carried out on the VMM's device model";
            }
            case LGDT, LIDT -> {
                hw.executeAsRing0(eip);
                return op == Mnemonic.LGDT ? "virtual GDTR loaded; the VMM shadows the table (DPL 0 → 1)"
                        : "virtual IDTR loaded; the real IDT stays the VMM's, which reflects into this one";
            }
            case SGDT, SIDT, SLDT, STR, SMSW, LAR, LSL, VERR, VERW -> {
                boolean compressed = hw.ringCompression();
                hw.setRingCompression(false);
                try {
                    hw.executeAsRing0(eip);
                } finally {
                    hw.setRingCompression(compressed);
                }
                return "answered from the virtual CPU (what native ring 0 would see)";
            }
            case LTR, LLDT, INVLPG, WRMSR, RDMSR, CLTS, LMSW, WBINVD, INVD -> {
                hw.executeAsRing0(eip);
                return "carried out for the guest";
            }
            default -> {
                return null;
            }
        }
    }

    private String moveSegmentOrControl(int eip, int next, Instruction insn) {
        Operand dst = insn.operand(0);
        Operand src = insn.operand(1);
        if (dst instanceof Operand.Reg d && d.register().kind() == Register.Kind.CONTROL) {
            hw.executeAsRing0(eip);
            int n = d.register().number();
            if (shadowPaging() && (n == 3 || n == 0) && cpu.pagingEnabled()) {
                shadow.cr3Loaded(hw, cpu.cr3);
            }
            return "virtual CR" + n + " = " + hex(cpu.read(src instanceof Operand.Reg r ? r.register().number() : 0, 4))
                    + (n == 3 ? (shadowPaging() ? "; the VMM switches to its shadow of this page directory" : "") : "");
        }
        if (src instanceof Operand.Reg s && s.register().kind() == Register.Kind.CONTROL) {
            hw.executeAsRing0(eip);
            return "read virtual CR" + s.register().number();
        }
        if (dst instanceof Operand.Reg d && d.register() == Register.SS) {
            int selector = src instanceof Operand.Reg r ? cpu.read(r.register().number(), 2)
                    : readMemoryOperand(eip, 2);
            hw.loadSegment(Cpu.SS, ringOne(selector));
            cpu.eip = next;
            hw.interruptShadow();
            return "SS = " + hex(ringOne(selector)) + " (the guest's selector with RPL 1)";
        }
        if (src instanceof Operand.Reg s && s.register().kind() == Register.Kind.SEGMENT) {
            // reading CS or SS: the guest must see RPL 0, not the ring it really runs in
            hw.executeDirect(eip);
            int value = guestSelector(cpu.segSelector[s.register().number()]);
            if (dst instanceof Operand.Reg d) {
                cpu.write(d.register().number(), d.register().size(), value);
            } else {
                hw.writeOperand(eip, 0, 2, value);
            }
            return s.register() + " read as " + hex(value) + " (RPL 0, as the guest kernel expects)";
        }
        return null;
    }

    private int readMemoryOperand(int eip, int size) {
        return hw.readOperand(eip, 0, size) & 0xFFFF;
    }

    /** A far return or IRET the VMM carries out: the frame's EFLAGS go to the virtual CPU or to the user. */
    private String interruptReturn(int eip) {
        int esp = cpu.reg[4];
        int cs = hw.readSegment(Cpu.SS, esp + 4, 4) & 0xFFFF;
        int flags = hw.readSegment(Cpu.SS, esp + 8, 4);
        if ((cs & 3) == 0) {
            hw.write(cpu.segBase[Cpu.SS] + esp + 4, 4, cs | 1);
        }
        hw.executeDirect(eip);
        if (cpu.cpl == 3) {
            leftForUser(flags);
            return "iretd to ring 3 with the frame's IF=" + ((flags >>> 9) & 1) + " and IOPL=" + ((flags >>> 12) & 3);
        }
        boolean wasOn = vif();
        setVif((flags & Cpu.IF) != 0);
        viopl = (flags & Cpu.IOPL) >>> 12;
        if (vif() && !wasOn) {
            hw.interruptsMayBeDeliverable();
        }
        return "iretd within the guest kernel; virtual IF=" + (vif() ? 1 : 0);
    }

    /** A guest kernel selector as loaded in ring 1. */
    static int ringOne(int selector) {
        return (selector & 3) == 0 && (selector & 0xFFFC) != 0 ? selector | 1 : selector;
    }

    /** A ring-1 selector as the guest kernel believes it to be (RPL 0). */
    int guestSelector(int selector) {
        return (selector & 3) == 1 ? selector & ~3 : selector;
    }

    // ---------------------------------------------------------------- the instructions that do not trap

    /**
     * The sensitive-but-unprivileged instructions run in ring 1 without trapping (on the x86 ISA):
     * they see real state where native ring 0 would see the guest's. Reports each divergence as a
     * hole; carries out the ones whose real effect the VMM must supply (SGDT/SIDT read its tables).
     */
    protected boolean directSensitive(int eip, Instruction insn, byte[] bytes) {
        Mnemonic op = insn.mnemonic();
        if (op == Mnemonic.SYSENTER) {
            return sysenter(eip, bytes);
        }
        if (hw.strictIsa() && cpu.cpl > 0 && trapsWhenStrict(insn)) {
            return false; // the CPU traps it, and the VMM emulates it
        }
        String text = insn.toString();
        switch (op) {
            case SGDT, SIDT -> {
                boolean gdt = op == Mnemonic.SGDT;
                int guestBase = gdt ? cpu.gdtrBase : cpu.idtrBase;
                int vmmBase = gdt ? VMM_GDT : VMM_IDT;
                hw.writeOperand(eip, 0, 2, gdt ? cpu.gdtrLimit : cpu.idtrLimit);
                hw.writeOperand(eip, 2, 4, vmmBase);
                hole(eip, text, (gdt ? "GDTR" : "IDTR") + " base " + hex(guestBase) + " (the guest's table)",
                        (gdt ? "GDTR" : "IDTR") + " base " + hex(vmmBase) + " (the VMM's table: the VMM is visible)");
                hw.retire(eip, bytes);
                return true;
            }
            default -> {
            }
        }
        if (cpu.cpl == 3) {
            return false;
        }
        switch (op) {
            case PUSHFD, PUSHFW -> {
                int real = cpu.eflags();
                int guest = guestFlags();
                if (real != guest) {
                    hole(eip, text, "pushes EFLAGS with IF=" + (vif() ? 1 : 0) + " IOPL=" + viopl,
                            "pushes the real IF=" + ((real >>> 9) & 1) + " IOPL=" + ((real >>> 12) & 3));
                }
            }
            case POPFD, POPFW -> {
                int popped = hw.readSegment(Cpu.SS, cpu.reg[4], op == Mnemonic.POPFW ? 2 : 4);
                boolean wantIf = (popped & Cpu.IF) != 0;
                int wantIopl = (popped & Cpu.IOPL) >>> 12;
                if (wantIf != vif() || wantIopl != viopl) {
                    hole(eip, text, "sets IF=" + (wantIf ? 1 : 0) + " IOPL=" + wantIopl,
                            "at CPL 1 the change is silently dropped: the guest's IF stays " + (vif() ? 1 : 0)
                                    + ", IOPL " + viopl);
                }
            }
            case IRETD -> {
                int cs = hw.readSegment(Cpu.SS, cpu.reg[4] + 4, 4);
                int popped = hw.readSegment(Cpu.SS, cpu.reg[4] + 8, 4);
                boolean wantIf = (popped & Cpu.IF) != 0;
                int wantIopl = (popped & Cpu.IOPL) >>> 12;
                if ((cs & 3) == 3) {
                    if (wantIopl != 0 || !wantIf) {
                        hole(eip, text, "returns to ring 3 with IF=" + (wantIf ? 1 : 0) + " IOPL=" + wantIopl,
                                "at CPL 1 iretd may not change IOPL or IF: the user runs with IF=1 IOPL=0");
                    }
                } else if (wantIf != vif() || wantIopl != viopl) {
                    hole(eip, text, "restores IF=" + (wantIf ? 1 : 0) + " IOPL=" + wantIopl,
                            "at CPL 1 the flags' IF and IOPL are dropped: the guest's IF stays " + (vif() ? 1 : 0));
                }
            }
            case MOV, PUSH -> {
                Operand src = op == Mnemonic.MOV ? insn.operand(1) : insn.operand(0);
                if (src instanceof Operand.Reg s && (s.register() == Register.CS || s.register() == Register.SS)) {
                    int real = cpu.segSelector[s.register().number()];
                    if (real != guestSelector(real)) {
                        hole(eip, text, s.register() + " reads " + hex(guestSelector(real)) + " (RPL 0)",
                                s.register() + " reads " + hex(real) + ": RPL 1 reveals the ring compression");
                    }
                }
            }
            default -> {
            }
        }
        return false;
    }

    private static boolean trapsWhenStrict(Instruction insn) {
        return switch (insn.mnemonic()) {
            case PUSHFD, POPFD, PUSHFW, POPFW, SGDT, SIDT, SLDT, SMSW, STR, LAR, LSL, VERR, VERW, IRETD -> true;
            case PUSH -> insn.operand(0) instanceof Operand.Reg r && r.register().kind() == Register.Kind.SEGMENT;
            case MOV -> insn.operand(1) instanceof Operand.Reg r && r.register().kind() == Register.Kind.SEGMENT;
            default -> false;
        };
    }

    // ---------------------------------------------------------------- shadow paging

    @Override
    public void pageWalked(int linear, boolean write) {
        if (shadowPaging() && shadow.touch(cpu.cr3, linear)) {
            // a hidden page fault: the shadow had no entry yet; the VMM fills it from the guest's tables
            stats.hiddenPageFaults++;
            charge(VmmStats.Category.VMM, cost.shadowFill());
        }
    }

    @Override
    public void watchedWrite(int physical, int size) {
        if (!shadowPaging() || !shadow.isPageTable(physical)) {
            return;
        }
        int linear = shadow.written(hw, physical);
        tracedPageTableWrite(physical, linear);
    }

    /** A guest write to one of its (write-protected) page tables was caught: the shadow follows it. */
    protected void tracedPageTableWrite(int physical, int linear) {
        stats.pageTableTraces++;
        stats.traps++;
        charge(VmmStats.Category.TRANSITIONS, cost.trap());
        charge(VmmStats.Category.VMM, cost.ptTrace());
        emulatedEvent(cpu.eip, "page-table write at " + hex(physical),
                "a write to a write-protected guest page table: the VMM applies it and updates its shadow"
                        + (linear >= 0 ? " for " + hex(linear) : ""));
    }

    // ---------------------------------------------------------------- the local APIC

    /**
     * The VMM keeps the APIC's page out of its shadow page tables, so a guest access to it is a page
     * fault into the VMM, which decodes the instruction and carries the access out on its virtual
     * APIC: the real TPR decides which interrupts the real CPU takes, and stays the VMM's.
     */
    @Override
    public boolean apicWrite(int offset, int value) {
        apicTrap("write of " + hex(value) + " to APIC register " + hex(offset));
        if (offset == dev.ringscope.machine.LocalApic.TPR) {
            virtualTpr = value & 0xFF;
        }
        return true;
    }

    @Override
    public long apicRead(int offset) {
        apicTrap("read of APIC register " + hex(offset));
        return offset == dev.ringscope.machine.LocalApic.TPR ? virtualTpr : 0;
    }

    /** The trap and the emulation of one APIC access (binary translation inlines the ones it has seen). */
    protected void apicTrap(String what) {
        stats.traps++;
        stats.emulated++;
        charge(VmmStats.Category.TRANSITIONS, cost.trap());
        charge(VmmStats.Category.VMM, cost.emulate());
        emulatedEvent(cpu.eip, what, "the APIC page is not mapped for the guest: the VMM emulates the access on "
                + "its virtual APIC (virtual TPR = " + hex(virtualTpr) + ")");
    }

    /** The guest's task priority, as its virtual APIC holds it. */
    public int virtualTpr() {
        return virtualTpr;
    }

    protected record State(boolean vif, int viopl, ShadowPaging shadow, int virtualTpr) {
    }

    @Override
    protected Object saveState() {
        return new State(vif, viopl, shadow.copy(), virtualTpr);
    }

    @Override
    protected void restoreState(Object state) {
        State s = (State) state;
        vif = s.vif;
        viopl = s.viopl;
        virtualTpr = s.virtualTpr;
        shadow = s.shadow.copy();
        shadow.rewatch(hw);
    }
}
