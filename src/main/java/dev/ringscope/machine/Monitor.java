package dev.ringscope.machine;

import dev.ringscope.isa.Instruction;

/**
 * A virtual machine monitor attached to a {@link Machine}. The machine hands it what real hardware
 * would hand to whoever owns ring 0 (or VMX root): exceptions, software interrupts, external
 * interrupts, and — before they execute — the instructions that are not innocuous (the
 * {@link dev.ringscope.isa.PrivilegeTable} classes). Each method returns whether the monitor dealt
 * with the event; when it did not, the machine goes on exactly as it does without a monitor.
 *
 * <p>The monitor works on the machine through {@link Hardware}; its own state (virtual CPU,
 * VMCS, translation cache) must come back with {@link #save()}/{@link #restore(Object)} so that
 * step-back under a VMM is exact.
 */
public interface Monitor {

    /** Called once, before the guest boots. */
    void attach(Hardware hardware);

    /** After the loader set up the CPU (the Multiboot state): the monitor takes over from here. */
    void booted();

    /** Who runs in each ring (ring -1 is VMX root): a fact of the technique, fixed before boot. */
    dev.ringscope.trace.RingOccupancy rings();

    /** The guest's view of EFLAGS.IF: whether an external interrupt may be delivered now. */
    boolean guestInterruptsEnabled();

    /**
     * The CPU raised {@code fault} on the instruction at {@code faultingEip}; {@code returnEip} is what
     * a delivery pushes (the next instruction for the traps #BP and #OF, else the faulting one).
     */
    boolean exception(CpuFault fault, int faultingEip, int returnEip);

    /** {@code int n} (already past its instruction: {@code nextEip}). */
    boolean softwareInterrupt(int vector, int nextEip, String label);

    /** The PIC delivered {@code irq} as {@code vector}; the guest's interrupt flag allowed it. */
    boolean externalInterrupt(int irq, int vector);

    /**
     * A sensitive instruction is about to execute at {@code eip} (EIP already points past it).
     * True: the monitor carried it out (and retired it through {@link Hardware#retire}).
     */
    boolean sensitiveInstruction(int eip, Instruction instruction, byte[] bytes);

    /** Whether guest code at the current CPL must be shown to {@link #kernelInstruction} first. */
    boolean watchesCode(int cpl);

    /**
     * Binary translation: the instruction at {@code eip} (innocuous or not) is about to run at a CPL
     * for which {@link #watchesCode} is true. True: the monitor ran it itself.
     */
    boolean kernelInstruction(int eip, Instruction instruction, byte[] bytes);

    /**
     * The guest's virtual CPU, for the register trace: its view of EFLAGS, CS, SS and its CPL
     * (see {@link dev.ringscope.trace.ArchRegister#V_EFLAGS}). By default the real values.
     */
    default int virtualRegister(dev.ringscope.trace.ArchRegister register, Cpu cpu) {
        return switch (register) {
            case V_EFLAGS -> cpu.eflags();
            case V_CS -> cpu.segSelector[Cpu.CS];
            case V_SS -> cpu.segSelector[Cpu.SS];
            case V_CPL -> cpu.cpl;
            default -> 0;
        };
    }

    /** A TLB miss walked the guest's page tables for {@code linear} (and succeeded). */
    default void pageWalked(int linear, boolean write) {
    }

    /** An interrupt waits at the PIC while the guest has interrupts disabled (a paravirtual guest is told). */
    default void interruptHeld() {
    }

    /**
     * Interrupts are deliverable again (by the guest's flag): a monitor holding an event for
     * injection delivers it now and returns true.
     */
    default boolean deliverPending() {
        return false;
    }

    /**
     * The guest wrote {@code value} to the local APIC register at {@code offset} of the APIC page
     * ({@link LocalApic}). True: the monitor served it (on its virtual APIC), and the real APIC saw nothing.
     */
    default boolean apicWrite(int offset, int value) {
        return false;
    }

    /** The guest reads the APIC register at {@code offset}: the value the monitor gives it, or -1 to let the APIC answer. */
    default long apicRead(int offset) {
        return -1;
    }

    /** A guest write hit a page the monitor watches ({@link Hardware#watchPage}). */
    void watchedWrite(int physical, int size);

    /** Guest code bytes at {@code physical} were overwritten (translations of them are stale). */
    void codeWritten(int physical, int length);

    /** The monitor's state, for a machine snapshot. */
    Object save();

    void restore(Object state);
}
