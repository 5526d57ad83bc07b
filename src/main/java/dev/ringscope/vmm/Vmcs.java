package dev.ringscope.vmm;

import dev.ringscope.machine.Cpu;

/**
 * The virtual-machine control structure of the one virtual CPU (SDM Vol. 3C ch. 25): the guest-state
 * area as saved at the last VM exit, the host state the VMM runs with, the execution controls and
 * the VM-exit information fields. What the UI's VMCS panel shows.
 */
public final class Vmcs {

    /** Where the VMM's exit handler and page directory are (host-state area; the VMM's own memory). */
    public static final int HOST_RIP = 0xFFC0_4000, HOST_CR3 = 0xFFC0_0000;

    private final VmcsControls controls;
    boolean launched;
    // guest-state area
    int guestRip;
    int guestRsp;
    int guestRflags;
    int guestCr0;
    int guestCr3;
    int guestCr4;
    int guestCs;
    int guestSs;
    int guestGdtrBase;
    int guestIdtrBase;
    int guestTr;
    // VM-exit information
    int exitReason = -1;
    long exitQualification;
    int exitInstructionLength;
    int exitInterruptionInfo;
    int entryInterruptionInfo;
    // the TPR shadow: the TPR in the virtual-APIC page, and the threshold below which a write exits (SDM Vol. 3C §29.1)
    int virtualTpr;
    int tprThreshold;

    Vmcs(VmcsControls controls) {
        this.controls = controls;
    }

    Vmcs copy() {
        Vmcs c = new Vmcs(controls);
        c.launched = launched;
        c.guestRip = guestRip;
        c.guestRsp = guestRsp;
        c.guestRflags = guestRflags;
        c.guestCr0 = guestCr0;
        c.guestCr3 = guestCr3;
        c.guestCr4 = guestCr4;
        c.guestCs = guestCs;
        c.guestSs = guestSs;
        c.guestGdtrBase = guestGdtrBase;
        c.guestIdtrBase = guestIdtrBase;
        c.guestTr = guestTr;
        c.exitReason = exitReason;
        c.exitQualification = exitQualification;
        c.exitInstructionLength = exitInstructionLength;
        c.exitInterruptionInfo = exitInterruptionInfo;
        c.entryInterruptionInfo = entryInterruptionInfo;
        c.virtualTpr = virtualTpr;
        c.tprThreshold = tprThreshold;
        return c;
    }

    void captureGuest(Cpu cpu) {
        guestRip = cpu.eip;
        guestRsp = cpu.reg[4];
        guestRflags = cpu.eflags();
        guestCr0 = cpu.cr0;
        guestCr3 = cpu.cr3;
        guestCr4 = cpu.cr4;
        guestCs = cpu.segSelector[Cpu.CS];
        guestSs = cpu.segSelector[Cpu.SS];
        guestGdtrBase = cpu.gdtrBase;
        guestIdtrBase = cpu.idtrBase;
        guestTr = cpu.trSelector;
    }

    public VmcsControls controls() {
        return controls;
    }

    public boolean launched() { return launched; }

    /** The TPR in the virtual-APIC page: what the guest last wrote to its APIC's TPR. */
    public int virtualTpr() { return virtualTpr; }

    public int guestRip() { return guestRip; }

    public int guestRsp() { return guestRsp; }

    public int guestRflags() { return guestRflags; }

    public int guestCr0() { return guestCr0; }

    public int guestCr3() { return guestCr3; }

    public int guestCr4() { return guestCr4; }

    public int guestCs() { return guestCs; }

    public int guestSs() { return guestSs; }

    public int guestGdtrBase() { return guestGdtrBase; }

    public int guestIdtrBase() { return guestIdtrBase; }

    public int guestTr() { return guestTr; }

    /** The basic exit reason of the last exit, or -1 before any. */
    public int exitReason() { return exitReason; }

    public long exitQualification() { return exitQualification; }

    public int exitInstructionLength() { return exitInstructionLength; }

    public int exitInterruptionInfo() { return exitInterruptionInfo; }

    public int entryInterruptionInfo() { return entryInterruptionInfo; }
}
