package dev.ringscope.vmm;

import dev.ringscope.isa.Instruction;
import dev.ringscope.isa.Mnemonic;
import dev.ringscope.isa.Operand;
import dev.ringscope.isa.Register;
import dev.ringscope.machine.Cpu;
import dev.ringscope.machine.CpuFault;
import dev.ringscope.machine.Machine;
import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Event;

/**
 * VT-x-style hardware assist (SDM Vol. 3C ch. 23–28): the VMM in VMX root operation (drawn as
 * ring −1), the unmodified guest in non-root with its own rings 0 and 3. Nothing traps by
 * privilege: the VMCS's execution controls decide which instructions and events cause a VM exit,
 * with the SDM's basic exit reason and qualification; the VMM handles the exit and resumes the
 * guest with a VM entry, injecting an event when it must. Memory: EPT (a nested walk on each TLB
 * miss) or shadow page tables (hidden page faults and traced page-table writes are exits).
 */
public final class HardwareAssisted extends Vmm {

    private Vmcs vmcs;
    private ShadowPaging shadow = new ShadowPaging();
    /** An external interrupt held for injection until the guest's IF allows it (interrupt window), or -1. */
    private int pendingVector = -1;
    private int pendingIrq = -1;
    /** The guest halted with IF=0: only a stop follows, as natively. */
    private boolean haltedForGood;

    public HardwareAssisted(CostModel cost, VmcsControls controls) {
        super(cost);
        this.vmcs = new Vmcs(controls);
    }

    @Override
    public Technique technique() {
        return Technique.HARDWARE_ASSISTED;
    }

    public Vmcs vmcs() {
        return vmcs;
    }

    public VmcsControls controls() {
        return vmcs.controls();
    }

    @Override
    public void booted() {
        // VMXON, VMCLEAR, VMPTRLD, the VMWRITEs of the guest state (the Multiboot state), VMLAUNCH
        vmcs.captureGuest(cpu);
        vmcs.launched = true;
        if (hw.tracing()) {
            hw.emit(new Event.VmEntry(hw.nextSeq(), hw.cycles(), true, cpu.eip));
        }
        transition(-1, cpu.cpl, Cause.VM_ENTRY, -1, "vmlaunch");
        charge(VmmStats.Category.TRANSITIONS, cost.vmTransition() / 2);
    }

    @Override
    public boolean guestInterruptsEnabled() {
        boolean guestIf = (cpu.eflags() & Cpu.IF) != 0;
        if (haltedForGood) {
            return false;
        }
        if (!vmcs.controls().externalInterruptExiting()) {
            return guestIf;
        }
        // with external-interrupt exiting the host takes every interrupt, whatever the guest's IF;
        // one held for injection waits for the guest's interrupt window
        return pendingVector < 0 || guestIf;
    }

    // ---------------------------------------------------------------- exits and entries

    /** A VM exit: the guest state saved, the exit information written, control in root mode. */
    private void exit(int reason, long qualification, int guestEip, int instructionLength) {
        vmcs.captureGuest(cpu);
        vmcs.guestRip = guestEip;
        vmcs.exitReason = reason;
        vmcs.exitQualification = qualification;
        vmcs.exitInstructionLength = instructionLength;
        stats.exits.merge(reason, 1L, Long::sum);
        if (hw.tracing()) {
            hw.emit(new Event.VmExit(hw.nextSeq(), hw.cycles(), reason, ExitReason.name(reason), qualification, guestEip));
        }
        transition(cpu.cpl, -1, Cause.VM_EXIT, reason, ExitReason.label(reason));
        charge(VmmStats.Category.TRANSITIONS, cost.vmTransition());
        charge(VmmStats.Category.VMM, cost.exitHandling());
    }

    /** VMRESUME: back to the guest where it was (or where an injected event took it). */
    private void entry(String label) {
        if (hw.tracing()) {
            hw.emit(new Event.VmEntry(hw.nextSeq(), hw.cycles(), false, cpu.eip));
        }
        transition(-1, cpu.cpl, Cause.VM_ENTRY, -1, label);
    }

    /** Event injection on VM entry: the guest's IDT delivers it, as if the hardware had, from ring −1's point of view. */
    private void inject(int vector, int errorCode, boolean external, int returnEip, String label) {
        vmcs.entryInterruptionInfo = vector | (external ? 0 : 3 << 8) | (errorCode >= 0 ? 1 << 11 : 0) | 1 << 31;
        if (hw.tracing()) {
            hw.emit(new Event.VmEntry(hw.nextSeq(), hw.cycles(), false, returnEip));
        }
        hw.reflect(vector, errorCode, false, returnEip, -1, external ? Cause.INTERRUPT : Cause.EXCEPTION, label);
    }

    @Override
    public boolean exception(CpuFault fault, int faultingEip, int returnEip) {
        int vector = fault.vector();
        if (!vmcs.controls().exceptionExits(vector)) {
            return false; // delivered through the guest's IDT by the CPU, no VMM involved
        }
        long qualification = vector == CpuFault.PF ? Integer.toUnsignedLong(cpu.cr2) : 0;
        vmcs.exitInterruptionInfo = vector | 3 << 8 | (fault.errorCode() >= 0 ? 1 << 11 : 0) | 1 << 31;
        exit(ExitReason.EXCEPTION_OR_NMI, qualification, faultingEip, 0);
        // a guest fault (the shadow was in sync): give it back to the guest
        inject(vector, fault.errorCode(), false, returnEip, "vmresume, inject " + CpuFault.mnemonic(vector));
        return true;
    }

    @Override
    public boolean softwareInterrupt(int vector, int nextEip, String label) {
        return false; // int n goes through the guest's IDT in non-root mode: no exit
    }

    @Override
    public boolean externalInterrupt(int irq, int vector) {
        if (!vmcs.controls().externalInterruptExiting()) {
            return false;
        }
        vmcs.exitInterruptionInfo = vector | 1 << 31;
        exit(ExitReason.EXTERNAL_INTERRUPT, 0, cpu.eip, 0);
        if ((cpu.eflags() & Cpu.IF) != 0) {
            inject(vector, -1, true, cpu.eip, "vmresume, inject IRQ " + irq);
        } else {
            // the guest cannot take it now: hold it and ask for an exit when it can
            pendingVector = vector;
            pendingIrq = irq;
            entry("vmresume (interrupt-window exiting armed)");
        }
        return true;
    }

    @Override
    public boolean deliverPending() {
        if (pendingVector < 0 || (cpu.eflags() & Cpu.IF) == 0) {
            return false;
        }
        int vector = pendingVector;
        int irq = pendingIrq;
        pendingVector = -1;
        pendingIrq = -1;
        hw.mergeRepeatedRequest(irq); // a tick while it waited: natively one request at the PIC
        if (vmcs.controls().interruptWindowExiting()) {
            exit(ExitReason.INTERRUPT_WINDOW, 0, cpu.eip, 0);
        }
        inject(vector, -1, true, cpu.eip, "vmresume, inject IRQ " + irq);
        return true;
    }

    // ---------------------------------------------------------------- instructions that exit

    @Override
    public boolean sensitiveInstruction(int eip, Instruction insn, byte[] bytes) {
        Mnemonic op = insn.mnemonic();
        VmcsControls c = vmcs.controls();
        // privilege checks come before VM exits (SDM Vol. 3C §25.1.1): ring 3 faults as natively
        if (cpu.cpl > 0 && needsRing0(insn)) {
            return false;
        }
        int reason = -1;
        long qualification = 0;
        switch (op) {
            case CPUID -> reason = ExitReason.CPUID;
            case HLT -> reason = c.hltExiting() ? ExitReason.HLT : -1;
            case INVLPG -> reason = c.invlpgExiting() ? ExitReason.INVLPG : -1;
            case RDTSC -> reason = c.rdtscExiting() ? ExitReason.RDTSC : -1;
            case VMCALL -> reason = ExitReason.VMCALL;
            case VMXON -> reason = ExitReason.VMXON;
            case VMXOFF -> reason = ExitReason.VMXOFF;
            case VMCLEAR -> reason = ExitReason.VMCLEAR;
            case VMPTRLD -> reason = ExitReason.VMPTRLD;
            case VMPTRST -> reason = ExitReason.VMPTRST;
            case VMLAUNCH -> reason = ExitReason.VMLAUNCH;
            case VMRESUME -> reason = ExitReason.VMRESUME;
            case VMREAD -> reason = ExitReason.VMREAD;
            case VMWRITE -> reason = ExitReason.VMWRITE;
            case RDMSR -> reason = ExitReason.RDMSR;
            case WRMSR -> reason = ExitReason.WRMSR;
            case WBINVD -> reason = ExitReason.WBINVD;
            case INVD -> reason = ExitReason.INVD;
            case LGDT, LIDT, SGDT, SIDT -> reason = c.descriptorTableExiting() ? ExitReason.GDTR_IDTR : -1;
            case LLDT, LTR, SLDT, STR -> reason = c.descriptorTableExiting() ? ExitReason.LDTR_TR : -1;
            case MOV -> {
                qualification = crQualification(insn);
                if (qualification >= 0) {
                    reason = ExitReason.CR_ACCESS;
                }
            }
            case CLTS -> {
                if (!c.ept()) {
                    reason = ExitReason.CR_ACCESS;
                    qualification = ExitReason.crQualification(0, 2, 0);
                }
            }
            case LMSW -> {
                if (!c.ept()) {
                    reason = ExitReason.CR_ACCESS;
                    qualification = ExitReason.crQualification(0, 3, 0);
                }
            }
            case IN, OUT, INSB, INSW, INSD, OUTSB, OUTSW, OUTSD -> {
                qualification = ioQualification(insn);
                // at CPL > IOPL the TSS I/O bitmap is checked first, and its #GP wins (SDM Vol. 3C §25.1.1)
                if (c.ioExits((int) (qualification >>> 16)) && cpu.cpl <= cpu.iopl()) {
                    reason = ExitReason.IO_INSTRUCTION;
                }
            }
            default -> {
            }
        }
        if (reason < 0) {
            return false; // runs in non-root mode as it would natively
        }
        exit(reason, qualification, eip, bytes.length);
        try {
            String label = handle(reason, eip, insn, bytes);
            if (label == null) {
                return true;
            }
            hw.retire(eip, bytes);
            entry(label);
            if (op == Mnemonic.HLT) {
                haltedForGood = (cpu.eflags() & Cpu.IF) == 0;
                hw.halt();
            }
        } catch (CpuFault f) {
            cpu.eip = eip;
            inject(f.vector(), f.errorCode(), false, eip, "vmresume, inject " + CpuFault.mnemonic(f.vector()));
        }
        return true;
    }

    /** Native rules for who may run it: privileged instructions need ring 0 before any exit. */
    private static boolean needsRing0(Instruction insn) {
        return switch (insn.mnemonic()) {
            case HLT, LGDT, LIDT, LLDT, LTR, LMSW, CLTS, INVLPG, WBINVD, INVD, RDMSR, WRMSR, SYSEXIT, VMXON, VMXOFF,
                    VMPTRLD, VMPTRST, VMCLEAR, VMLAUNCH, VMRESUME, VMREAD, VMWRITE -> true;
            case MOV -> isControl(insn.operand(0)) || isControl(insn.operand(1));
            default -> false;
        };
    }

    private static boolean isControl(Operand o) {
        return o instanceof Operand.Reg r && r.register().kind() == Register.Kind.CONTROL;
    }

    /** The VMM's work for one exit; returns the entry's label, or null when it injected an event instead. */
    private String handle(int reason, int eip, Instruction insn, byte[] bytes) {
        switch (reason) {
            case ExitReason.HLT -> {
                cpu.eip = eip + bytes.length;
                emulated(eip, insn.toString(), "the VMM deschedules the virtual CPU until its next interrupt");
                return "vmresume (after the next interrupt)";
            }
            case ExitReason.IO_INSTRUCTION -> {
                hw.executeAsRing0(eip);
                charge(VmmStats.Category.VMM, cost.ioExitHandling());
                int port = (int) (vmcs.exitQualification >>> 16);
                boolean user = host.servesInUserSpace(port);
                emulated(eip, insn.toString(), user ? "port access passed to the VMM process's device model"
                        : "port access carried out on the " + (host.exitParty() == dev.ringscope.trace.Party.VMM
                        ? "VMM's" : "host kernel's") + " device model");
                portServed(port, (vmcs.exitQualification & 8) == 0, true);
                return "vmresume";
            }
            case ExitReason.VMCALL -> {
                cpu.eip = eip + bytes.length;
                cpu.reg[0] = -38; // -ENOSYS: this VMM offers no hypercalls to an unmodified guest
                emulated(eip, insn.toString(), "no hypercall interface for a native guest: EAX = -ENOSYS");
                return "vmresume";
            }
            case ExitReason.VMXON, ExitReason.VMXOFF, ExitReason.VMCLEAR, ExitReason.VMPTRLD, ExitReason.VMPTRST,
                    ExitReason.VMLAUNCH, ExitReason.VMRESUME, ExitReason.VMREAD, ExitReason.VMWRITE -> {
                cpu.eip = eip;
                inject(CpuFault.UD, -1, false, eip, "vmresume, inject #UD (no nested VMX)");
                return null;
            }
            default -> {
                hw.executeAsRing0(eip);
                if (reason == ExitReason.CR_ACCESS && !vmcs.controls().ept() && cpu.pagingEnabled()) {
                    shadow.cr3Loaded(hw, cpu.cr3);
                }
                emulated(eip, insn.toString(), "carried out by the VMM on the guest state in the VMCS");
                return "vmresume";
            }
        }
    }

    /** CR-access qualification for a MOV that exits under the controls, or -1 if it does not. */
    private long crQualification(Instruction insn) {
        Operand dst = insn.operand(0);
        Operand src = insn.operand(1);
        VmcsControls c = vmcs.controls();
        if (dst instanceof Operand.Reg d && d.register().kind() == Register.Kind.CONTROL) {
            int n = d.register().number();
            int gpr = src instanceof Operand.Reg r ? r.register().number() : 0;
            boolean exits = n == 3 ? c.cr3LoadExiting() : !c.ept() && (n == 0 || n == 4); // CR0.PG/WP owned under shadow paging
            return exits ? ExitReason.crQualification(n, 0, gpr) : -1;
        }
        if (src instanceof Operand.Reg s && s.register().kind() == Register.Kind.CONTROL) {
            int n = s.register().number();
            int gpr = dst instanceof Operand.Reg r ? r.register().number() : 0;
            return n == 3 && c.cr3StoreExiting() ? ExitReason.crQualification(3, 1, gpr) : -1;
        }
        return -1;
    }

    private long ioQualification(Instruction insn) {
        return ioQualification(insn, cpu.reg[2]);
    }

    /** The SDM's I/O exit qualification (REFERENCE.md §3) of {@code insn}, with DX = {@code edx}: the port in bits 31:16. */
    static long ioQualification(Instruction insn, int edx) {
        Mnemonic op = insn.mnemonic();
        boolean in = op == Mnemonic.IN || op == Mnemonic.INSB || op == Mnemonic.INSW || op == Mnemonic.INSD;
        boolean string = op != Mnemonic.IN && op != Mnemonic.OUT;
        int size = switch (op) {
            case INSB, OUTSB -> 1;
            case INSW, OUTSW -> 2;
            case INSD, OUTSD -> 4;
            default -> 0;
        };
        int port = edx & 0xFFFF;
        boolean immediate = false;
        if (!string) {
            Operand portOperand = in ? insn.operand(1) : insn.operand(0);
            Operand data = in ? insn.operand(0) : insn.operand(1);
            size = data instanceof Operand.Reg r ? r.register().size() : 1;
            if (portOperand instanceof Operand.Imm imm) {
                port = (int) imm.value() & 0xFF;
                immediate = true;
            }
        }
        boolean rep = insn.prefix() != Instruction.Prefix.NONE;
        return ExitReason.ioQualification(size, in, string, rep, immediate, port);
    }

    // ---------------------------------------------------------------- memory: EPT or shadow page tables

    @Override
    public void pageWalked(int linear, boolean write) {
        if (vmcs.controls().ept()) {
            charge(VmmStats.Category.VMM, cost.nestedWalk()); // the two-dimensional walk
            return;
        }
        if (shadow.touch(cpu.cr3, linear)) {
            stats.hiddenPageFaults++;
            vmcs.exitInterruptionInfo = CpuFault.PF | 3 << 8 | 1 << 11 | 1 << 31;
            exit(ExitReason.EXCEPTION_OR_NMI, Integer.toUnsignedLong(linear), cpu.eip, 0);
            charge(VmmStats.Category.VMM, cost.shadowFill());
            emulatedEvent(cpu.eip, "hidden page fault at " + hex(linear),
                    "the shadow page table had no entry yet: the VMM fills it from the guest's tables");
            entry("vmresume");
        }
    }

    @Override
    public void watchedWrite(int physical, int size) {
        if (vmcs.controls().ept() || !shadow.isPageTable(physical)) {
            return;
        }
        int linear = shadow.written(hw, physical);
        stats.pageTableTraces++;
        vmcs.exitInterruptionInfo = CpuFault.PF | 3 << 8 | 1 << 11 | 1 << 31;
        exit(ExitReason.EXCEPTION_OR_NMI, Integer.toUnsignedLong(physical), cpu.eip, 0);
        charge(VmmStats.Category.VMM, cost.ptTrace());
        emulatedEvent(cpu.eip, "page-table write at " + hex(physical),
                "a write to a write-protected guest page table: the VMM applies it and updates its shadow"
                        + (linear >= 0 ? " for " + hex(linear) : ""));
        entry("vmresume");
    }

    // ---------------------------------------------------------------- the local APIC

    /*
     * With the TPR shadow (and APIC-access virtualization) the guest's TPR write lands in the
     * virtual-APIC page, no exit: the CPU still makes the access, so it costs what it costs
     * natively. It exits, after the write, only when bits 7:4 drop below the TPR threshold (SDM
     * Vol. 3C §29.1.2); this VMM holds no interrupt back by priority, so its threshold is 0 and
     * nothing is below it. Without the controls the VMM keeps the APIC page out of the guest's
     * memory: each access exits and is emulated.
     */

    @Override
    public boolean apicWrite(int offset, int value) {
        if (vmcs.controls().tprShadow() && offset == dev.ringscope.machine.LocalApic.TPR) {
            charge(VmmStats.Category.GUEST, hw.costs().apicAccess());
            vmcs.virtualTpr = value & 0xFF;
            if ((vmcs.virtualTpr >>> 4) < (vmcs.tprThreshold & 0xF)) {
                exit(ExitReason.TPR_BELOW_THRESHOLD, 0, cpu.eip, 0);
                entry("vmresume");
            }
            return true;
        }
        apicExit("write of " + hex(value) + " to APIC register " + hex(offset));
        if (offset == dev.ringscope.machine.LocalApic.TPR) {
            vmcs.virtualTpr = value & 0xFF;
        }
        return true;
    }

    @Override
    public long apicRead(int offset) {
        if (vmcs.controls().tprShadow() && offset == dev.ringscope.machine.LocalApic.TPR) {
            charge(VmmStats.Category.GUEST, hw.costs().apicAccess());
            return vmcs.virtualTpr;
        }
        apicExit("read of APIC register " + hex(offset));
        return offset == dev.ringscope.machine.LocalApic.TPR ? vmcs.virtualTpr : 0;
    }

    private void apicExit(String what) {
        VmcsControls c = vmcs.controls();
        int reason = c.tprShadow() ? ExitReason.APIC_ACCESS : c.ept() ? ExitReason.EPT_VIOLATION
                : ExitReason.EXCEPTION_OR_NMI;
        exit(reason, dev.ringscope.machine.LocalApic.BASE, cpu.eip, 0);
        charge(VmmStats.Category.VMM, cost.emulate());
        emulatedEvent(cpu.eip, what, "the VMM carries out the access on its virtual APIC");
        entry("vmresume");
    }

    // ---------------------------------------------------------------- snapshots

    private record State(Vmcs vmcs, ShadowPaging shadow, int pendingVector, int pendingIrq, boolean haltedForGood) {
    }

    @Override
    protected Object saveState() {
        return new State(vmcs.copy(), shadow.copy(), pendingVector, pendingIrq, haltedForGood);
    }

    @Override
    protected void restoreState(Object state) {
        State s = (State) state;
        vmcs = s.vmcs.copy();
        shadow = s.shadow.copy();
        shadow.rewatch(hw);
        pendingVector = s.pendingVector;
        pendingIrq = s.pendingIrq;
        haltedForGood = s.haltedForGood;
    }
}
