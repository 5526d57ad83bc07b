package dev.ringscope.vmm;

import dev.ringscope.machine.Cpu;
import dev.ringscope.machine.CpuFault;
import dev.ringscope.machine.PhysicalMemory;
import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.StopReason;

/**
 * A Xen-style hypervisor for the mini OS built with {@code PARAVIRT} (samples/minios/arch_pv.inc;
 * REFERENCE.md §4, §7): the guest kernel runs in ring 1 and asks for privileged work by hypercall
 * ({@code int 0x82}, number in EAX, arguments in EBX, ECX, EDX). Its interrupt flag is the
 * {@code evtchn_upcall_mask} byte of a page it shares with the hypervisor, so masking is a store;
 * traps and interrupts are bounced into the handlers of the trap table it registered, on the
 * kernel stack it named with {@code stack_switch}. Page tables are the guest's own, updated only
 * through {@code mmu_update}, which validates every new entry (no shadow tables).
 */
public final class Paravirtual extends RingCompressed {

    public static final int VECTOR = 0x82;
    static final int SYSCALL_VECTOR = 0x80;
    static final int ENOSYS = -38, EINVAL = -22, EPERM = -1;
    private static final int PENDING = 0, MASK = 1, CR2 = 8;

    /** Physical address of the shared vcpu_info, or -1 until registered. */
    private int vcpuInfo = -1;
    private int kernelSs;
    private int kernelEsp;
    private int kernelIopl;
    /** The guest's virtual IF before it registers its shared page. */
    private boolean bootIf;

    public Paravirtual(CostModel cost) {
        super(cost);
    }

    @Override
    public Technique technique() {
        return Technique.PARAVIRTUAL;
    }

    @Override
    protected boolean shadowPaging() {
        return false;
    }

    // ---------------------------------------------------------------- the virtual IF is a byte in the shared page

    @Override
    protected boolean vif() {
        return vcpuInfo < 0 ? bootIf : hw.memory().read8(vcpuInfo + MASK) == 0;
    }

    @Override
    protected void setVif(boolean on) {
        if (vcpuInfo < 0) {
            bootIf = on;
        } else {
            hw.memory().write8(vcpuInfo + MASK, on ? 0 : 1);
        }
    }

    @Override
    public void interruptHeld() {
        if (cpu.cpl != 3 && vcpuInfo >= 0 && hw.memory().read8(vcpuInfo + PENDING) == 0) {
            hw.memory().write8(vcpuInfo + PENDING, 1); // evtchn_upcall_pending: the guest's unmask checks it
        }
    }

    @Override
    protected void enteredKernel() {
        cpu.setEflags((cpu.eflags() | Cpu.IF) & ~Cpu.IOPL | kernelIopl << 12);
    }

    /** A PV kernel knows its ring and its IOPL; only its interrupt flag is virtual (the mask). */
    @Override
    protected int guestFlags() {
        int f = cpu.eflags();
        return cpu.cpl == 3 ? f : (f & ~Cpu.IF) | (vif() ? Cpu.IF : 0);
    }

    @Override
    public int virtualRegister(dev.ringscope.trace.ArchRegister register, Cpu c) {
        return switch (register) {
            case V_EFLAGS -> guestFlags();
            case V_CS -> c.segSelector[Cpu.CS];
            case V_SS -> c.segSelector[Cpu.SS];
            case V_CPL -> c.cpl;
            default -> 0;
        };
    }

    @Override
    protected int realKernelIopl() {
        return kernelIopl;
    }

    // ---------------------------------------------------------------- bounce frames

    /**
     * Delivers a trap, interrupt or system call into the guest kernel the way Xen's
     * create_bounce_frame does: the handler from the registered trap table, the frame on the kernel
     * stack from stack_switch when coming from ring 3, the event mask set for an interrupt gate.
     */
    @Override
    protected void reflect(int vector, int errorCode, boolean software, int returnEip, Cause cause, String label) {
        if (software) {
            bounce(vector, errorCode, true, returnEip, cause, label);
            return;
        }
        try {
            bounce(vector, errorCode, false, returnEip, cause, label);
        } catch (CpuFault second) {
            // as the CPU escalates a fault while delivering (SDM Vol. 3A Table 6-5): #DF, then shutdown
            hw.noteException(second, cpu.eip);
            switch (CpuFault.escalation(vector, second.vector())) {
                case SHUTDOWN -> hw.stop(StopReason.SHUTDOWN, 0, "triple fault: " + CpuFault.mnemonic(second.vector())
                        + " while bouncing #DF (" + second.reason() + ")");
                case DOUBLE_FAULT -> {
                    hw.noteException(CpuFault.withCode(CpuFault.DF, 0, CpuFault.mnemonic(second.vector())
                            + " while bouncing " + CpuFault.mnemonic(vector)), cpu.eip);
                    reflect(CpuFault.DF, 0, false, returnEip, Cause.EXCEPTION, "bounce #DF");
                }
                case SERIALLY -> reflect(second.vector(), second.errorCode(), false, returnEip, Cause.EXCEPTION,
                        "bounce " + CpuFault.mnemonic(second.vector()));
            }
        }
    }

    private void bounce(int vector, int errorCode, boolean software, int returnEip, Cause cause, String label) {
        int idt = cpu.idtrBase;
        int ext = software ? 0 : 1;
        if (vector * 8 + 7 > cpu.idtrLimit) {
            throw CpuFault.gp(vector * 8 + 2 + ext, "vector " + hex(vector) + " is beyond the trap table");
        }
        int lo = hw.read(idt + vector * 8, 4);
        int hi = hw.read(idt + vector * 8 + 4, 4);
        int dpl = Math.max(1, (hi >>> 13) & 3); // a DPL-0 entry is the kernel's own: ring 1
        if ((hi & 0x8000) == 0) {
            throw CpuFault.withCode(CpuFault.NP, vector * 8 + 2 + ext, "trap table entry " + hex(vector) + " is not present");
        }
        if (software && dpl < cpu.cpl) {
            throw CpuFault.gp(vector * 8 + 2, String.format("int 0x%X from ring %d: the trap table gives DPL %d",
                    vector, cpu.cpl, dpl));
        }
        int handler = (hi & 0xFFFF_0000) | (lo & 0xFFFF);
        int selector = lo >>> 16;
        boolean interruptGate = ((hi >>> 8) & 0xF) == 0xE;
        int from = cpu.cpl;
        int flags = guestFlags() & ~Cpu.RF;
        int ss;
        int esp;
        int[] frame;
        if (from == 3) {
            ss = kernelSs;
            esp = kernelEsp;
            frame = errorCode >= 0
                    ? new int[] {cpu.segSelector[Cpu.SS], cpu.reg[4], flags, cpu.segSelector[Cpu.CS], returnEip, errorCode}
                    : new int[] {cpu.segSelector[Cpu.SS], cpu.reg[4], flags, cpu.segSelector[Cpu.CS], returnEip};
        } else {
            ss = cpu.segSelector[Cpu.SS];
            esp = cpu.reg[4];
            frame = errorCode >= 0 ? new int[] {flags, cpu.segSelector[Cpu.CS], returnEip, errorCode}
                    : new int[] {flags, cpu.segSelector[Cpu.CS], returnEip};
        }
        for (int v : frame) {
            esp -= 4;
            hw.write(esp, 4, v);
        }
        if (vector == CpuFault.PF && vcpuInfo >= 0) {
            hw.memory().write32(vcpuInfo + CR2, cpu.cr2);
        }
        hw.enter(selector, handler, ss, esp, 1);
        cpu.setEflags(cpu.eflags() & ~(Cpu.TF | Cpu.NT | Cpu.RF));
        enteredKernel();
        if (interruptGate) {
            setVif(false);
        }
        if (vcpuInfo >= 0 && cause == Cause.INTERRUPT) {
            hw.memory().write8(vcpuInfo + PENDING, 0);
        }
        if (fastTrap) {
            transition(3, 1, cause, vector, label + " (fast trap)");
            hw.registersChanged();
            return; // the CPU went straight to the guest kernel: no hypervisor work to pay for
        }
        transition(0, 1, cause, vector, cause == Cause.INTERRUPT ? "upcall " + label : label.replace("reflect", "bounce"));
        hw.registersChanged();
        stats.reflected++;
        charge(VmmStats.Category.VMM, cost.reflect());
    }

    /** Set while delivering a system call by Xen's fast trap: the CPU, not the hypervisor, makes the crossing. */
    private boolean fastTrap;

    /** Whether the guest's trap table gives {@code vector} to ring 3 (DPL 3, present): Xen's condition for a fast trap. */
    private boolean userGate(int vector) {
        if (vector * 8 + 7 > cpu.idtrLimit) {
            return false;
        }
        int hi = hw.read(cpu.idtrBase + vector * 8 + 4, 4);
        return (hi & 0x8000) != 0 && ((hi >>> 13) & 3) == 3;
    }

    // ---------------------------------------------------------------- hypercalls

    /**
     * {@code int 0x80} from ring 3 takes Xen's "fast trap": the guest registered a DPL-3 trap-table entry for it, so
     * the hypervisor lets the CPU enter the guest kernel in ring 1 directly, without passing through ring 0
     * (REFERENCE.md §4). Every other software interrupt, and every exception and IRQ, bounces through the hypervisor.
     */
    @Override
    public boolean softwareInterrupt(int vector, int nextEip, String label) {
        if (vector == SYSCALL_VECTOR && cpu.cpl == 3 && userGate(vector)) {
            hw.systemCall(label, 3);
            fastTrap = true;
            try {
                reflect(vector, -1, true, nextEip, Cause.SYSTEM_CALL, label);
            } finally {
                fastTrap = false;
            }
            return true;
        }
        if (vector != VECTOR) {
            return super.softwareInterrupt(vector, nextEip, label);
        }
        if (cpu.cpl != 1) {
            // the hypercall gate has DPL 1: a ring-3 program gets #GP, like any int through a DPL-1 gate
            throw CpuFault.gp(VECTOR * 8 + 2, "int 0x82 from ring " + cpu.cpl + ": hypercalls are for the guest kernel (gate DPL 1)");
        }
        int nr = cpu.reg[0];
        int a1 = cpu.reg[3];
        int a2 = cpu.reg[1];
        int a3 = cpu.reg[2];
        stats.hypercalls.merge(nr, 1L, Long::sum);
        transition(1, 0, Cause.HYPERCALL, nr, "hypercall " + Hypercalls.name(nr));
        charge(VmmStats.Category.TRANSITIONS, cost.hypercall());
        boolean returns = nr != Hypercalls.IRET;
        int result = hypercall(nr, a1, a2, a3);
        if (returns) {
            cpu.reg[0] = result;
        }
        if (hw.tracing()) {
            hw.emit(new Event.Hypercall(hw.nextSeq(), hw.cycles(), nr, Hypercalls.name(nr), a1, a2, a3, result));
        }
        if (returns) {
            transition(0, 1, Cause.RETURN, nr, "return to the guest");
        }
        hw.registersChanged();
        return true;
    }

    private int hypercall(int nr, int a1, int a2, int a3) {
        switch (nr) {
            case Hypercalls.SET_TRAP_TABLE -> {
                cpu.idtrLimit = hw.read(a1, 2);
                cpu.idtrBase = hw.read(a1 + 2, 4);
                return 0;
            }
            case Hypercalls.SET_GDT -> {
                cpu.gdtrLimit = hw.read(a1, 2);
                cpu.gdtrBase = hw.read(a1 + 2, 4);
                return 0;
            }
            case Hypercalls.STACK_SWITCH -> {
                kernelSs = ringOne(a1 & 0xFFFF);
                kernelEsp = a2;
                cpu.sysenterEsp = a2;
                return 0;
            }
            case Hypercalls.MMU_UPDATE -> {
                return mmuUpdate(a1, a2);
            }
            case Hypercalls.MMUEXT_OP -> {
                return mmuextOp(a1, a2);
            }
            case Hypercalls.SCHED_OP -> {
                if (a1 == Hypercalls.SCHED_BLOCK) {
                    hw.halt(); // wakes on the next event if unmasked; masked, nothing can wake it (as hlt with IF=0)
                } else if (a1 == Hypercalls.SCHED_SHUTDOWN) {
                    hw.stop(StopReason.EXIT, hw.read(a2, 4), "the guest asked to shut down");
                }
                return 0;
            }
            case Hypercalls.CONSOLE_IO -> { // console_io(CONSOLEIO_write, count, buffer)
                if (a1 != 0 || a2 < 0 || a2 > 4096) {
                    return a1 != 0 ? ENOSYS : EINVAL;
                }
                for (int i = 0; i < a2; i++) {
                    hw.emulatedOut(0xE9, 1, hw.read(a3 + i, 1));
                }
                return a2;
            }
            case Hypercalls.XEN_VERSION -> {
                hw.interruptsMayBeDeliverable(); // Linux calls this to have pending events delivered
                return 3 << 16 | 4;
            }
            case Hypercalls.IRET -> {
                iret();
                return 0;
            }
            case 24 -> { // vcpu_op(register_vcpu_info, vcpu, address)
                if (a1 != 10 || a2 != 0) {
                    return ENOSYS;
                }
                int physical = hw.probe(a3);
                if (physical < 0 || physical + 16 > hw.memory().size()) {
                    return EINVAL;
                }
                boolean on = bootIf;
                vcpuInfo = physical;
                setVif(on);
                return 0;
            }
            case 33 -> { // physdev_op(set_iopl, &iopl)
                if (a1 != 6) {
                    return ENOSYS;
                }
                kernelIopl = hw.read(a2, 4) & 3;
                if (cpu.cpl == 1) {
                    cpu.setEflags(cpu.eflags() & ~Cpu.IOPL | kernelIopl << 12);
                }
                return 0;
            }
            case 30 -> { // callback_op(register, {type, address})
                int type = hw.read(a2, 4);
                if (a1 != 0 || type != 3) {
                    return ENOSYS;
                }
                cpu.sysenterEip = hw.read(a2 + 4, 4);
                cpu.sysenterCs = cpu.segSelector[Cpu.CS] & 0xFFFC;
                return 0;
            }
            default -> {
                return ENOSYS;
            }
        }
    }

    /** mmu_update: each request {entry address, value}; a new frame must be the guest's own memory. */
    private int mmuUpdate(int requests, int count) {
        for (int i = 0; i < count; i++) {
            int entry = hw.read(requests + i * 8, 4);
            int value = hw.read(requests + i * 8 + 4, 4);
            int physical = hw.probe(entry);
            if (physical < 0 || (value & 1) != 0 && Integer.compareUnsigned(value & ~0xFFF, hw.memory().size()) >= 0) {
                emulatedEvent(cpu.eip, "mmu_update " + hex(entry) + " = " + hex(value),
                        "refused: the frame lies outside the guest's memory (the hypervisor keeps its own)");
                return EPERM;
            }
            hw.memory().write32(physical, value);
        }
        return 0;
    }

    private int mmuextOp(int ops, int count) {
        for (int i = 0; i < count; i++) {
            int cmd = hw.read(ops + i * 8, 4);
            int arg = hw.read(ops + i * 8 + 4, 4);
            switch (cmd) {
                case Hypercalls.MMUEXT_NEW_BASEPTR -> {
                    if (Integer.compareUnsigned(arg, hw.memory().size() - PhysicalMemory.PAGE_SIZE) > 0) {
                        return EINVAL;
                    }
                    cpu.cr3 = arg & ~0xFFF;
                    // a PV guest runs paged from its first base pointer, and like every guest with EM (no FPU, see NoFpu)
                    cpu.cr0 |= Cpu.CR0_PG | Cpu.CR0_PE | Cpu.CR0_EM;
                    hw.flushTlb();
                }
                case Hypercalls.MMUEXT_INVLPG_LOCAL, Hypercalls.MMUEXT_TLB_FLUSH_LOCAL -> hw.flushTlb();
                default -> {
                    return ENOSYS;
                }
            }
        }
        return 0;
    }

    /** The iret hypercall: pops EAX, EIP, CS, EFLAGS (and ESP, SS to ring 3); EFLAGS.IF becomes the mask. */
    private void iret() {
        int esp = cpu.reg[4];
        int eax = hw.readSegment(Cpu.SS, esp, 4);
        int eip = hw.readSegment(Cpu.SS, esp + 4, 4);
        int cs = hw.readSegment(Cpu.SS, esp + 8, 4) & 0xFFFF;
        int flags = hw.readSegment(Cpu.SS, esp + 12, 4);
        int keep = Cpu.VM | (1 << 19) | (1 << 20);
        if ((cs & 3) == 3) {
            int userEsp = hw.readSegment(Cpu.SS, esp + 16, 4);
            int userSs = hw.readSegment(Cpu.SS, esp + 20, 4) & 0xFFFF;
            hw.enter(cs, eip, userSs, userEsp, 3);
            cpu.setEflags((cpu.eflags() & keep) | (flags & ~keep & ~Cpu.RF) | Cpu.IF); // ring 3 always runs with IF=1
            transition(0, 3, Cause.RETURN, Hypercalls.IRET, "iret hypercall");
        } else {
            hw.enter(cs, eip, cpu.segSelector[Cpu.SS], esp + 16, 1);
            cpu.setEflags((cpu.eflags() & keep) | (flags & ~keep & ~(Cpu.RF | Cpu.IOPL)) | Cpu.IF | kernelIopl << 12);
            setVif((flags & Cpu.IF) != 0);
            transition(0, 1, Cause.RETURN, Hypercalls.IRET, "iret hypercall");
        }
        cpu.reg[0] = eax;
        hw.interruptsMayBeDeliverable();
    }

    // ---------------------------------------------------------------- snapshots

    private record PvState(Object base, int vcpuInfo, int kernelSs, int kernelEsp, int kernelIopl, boolean bootIf) {
    }

    @Override
    protected Object saveState() {
        return new PvState(super.saveState(), vcpuInfo, kernelSs, kernelEsp, kernelIopl, bootIf);
    }

    @Override
    protected void restoreState(Object state) {
        PvState s = (PvState) state;
        super.restoreState(s.base);
        vcpuInfo = s.vcpuInfo;
        kernelSs = s.kernelSs;
        kernelEsp = s.kernelEsp;
        kernelIopl = s.kernelIopl;
        bootIf = s.bootIf;
    }

    /**
     * A paravirtual kernel knows it runs in ring 1 (its selectors say RPL 1, its flag macros read the
     * mask): what pushfd, popfd or a segment read show it there is what it expects, not a hole. Its
     * user programs are not paravirtualized: their sgdt and sidt still see the hypervisor's tables.
     */
    @Override
    public boolean sensitiveInstruction(int eip, dev.ringscope.isa.Instruction instruction, byte[] bytes) {
        dev.ringscope.isa.Mnemonic op = instruction.mnemonic();
        if (cpu.cpl != 3 && op != dev.ringscope.isa.Mnemonic.SGDT && op != dev.ringscope.isa.Mnemonic.SIDT) {
            return false;
        }
        return directSensitive(eip, instruction, bytes);
    }
}
