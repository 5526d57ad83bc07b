package dev.ringscope.machine;

import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.StopReason;

/**
 * What a {@link Monitor} may do to the machine it runs: the privileged side of the hardware that
 * a VMM in ring 0 or VMX root really has (deliver through an IDT, run an instruction on the
 * guest's behalf, watch pages, charge its own time). Everything a monitor does goes through here,
 * so it stays visible as events and cycles.
 */
public final class Hardware {

    private final Machine m;

    Hardware(Machine m) {
        this.m = m;
    }

    public Cpu cpu() {
        return m.cpu;
    }

    public PhysicalMemory memory() {
        return m.memory;
    }

    public long cycles() {
        return m.cycles;
    }

    public boolean tracing() {
        return m.tracing;
    }

    /** The next sequence number, for an event the monitor is about to {@link #emit}. */
    public long nextSeq() {
        return m.nextSeq();
    }

    /** Emits an event (only call while {@link #tracing()}). */
    public void emit(Event e) {
        m.emit(e);
    }

    /** What the bare hardware charges for its events (the VMM's own costs are its cost model's). */
    public HardwareCosts costs() {
        return m.costs;
    }

    /** The VMM spent {@code n} cycles (its own work: a trap, an exit, emulation, translation). */
    public void charge(long n) {
        m.cycles += n;
    }

    /** A crossing the monitor made, with who is on each side by the monitor's ring names. */
    public void transition(int from, int to, Cause cause, int vector, String label) {
        m.delivery.ringTransition(from, to, cause, vector, label);
    }

    /** A crossing on the host's side of a hosted or KVM hypervisor, between the parties named (docs/hypervisor-types.md). */
    public void hostHop(int from, int to, dev.ringscope.trace.Party fromParty, dev.ringscope.trace.Party toParty,
                        Cause cause, String label) {
        m.delivery.hostHop(from, to, fromParty, toParty, cause, label);
    }

    /**
     * The monitor carried out the guest instruction at {@code eip}: it counts as retired, as it
     * would have natively (the timer counts guest instructions, so the guest's timeline stays the
     * same under every technique).
     */
    public void retire(int eip, byte[] bytes) {
        m.retireEmulated(eip, bytes);
    }

    /**
     * Executes the guest instruction at {@code eip} with ring-0 rights, as the VMM does when it
     * emulates a trapped privileged instruction whose effect it passes through (a control
     * register, a descriptor-table register, a port). EIP moves past it. A fault is thrown for the
     * monitor to reflect.
     */
    public void executeAsRing0(int eip) {
        m.executeAsRing0(eip);
    }

    /**
     * Delivers {@code vector} through the guest's IDT (reflection), escalating faults as the CPU
     * would. The crossing is drawn from {@code fromRing}.
     *
     * @param errorCode the error code to push, or -1
     * @param software  an {@code int n} (the gate's DPL is checked) rather than an exception/IRQ
     */
    public void reflect(int vector, int errorCode, boolean software, int returnEip, int fromRing, Cause cause,
                        String label) {
        m.delivery.reflect(vector, errorCode, software, returnEip, fromRing, cause, label);
    }

    /** A supervisor read of guest linear memory (through the guest's page tables; #PF as a fault). */
    public int read(int linear, int size) {
        return m.bus.readLinear(linear, size, 0);
    }

    public void write(int linear, int size, int value) {
        m.bus.writeLinear(linear, size, value, 0);
    }

    /** A read through segment register {@code sreg} at the current CPL (the guest's own access). */
    public int readSegment(int sreg, int offset, int size) {
        return m.bus.read(sreg, offset, size);
    }

    /** Loads a segment register with the checks of the current CPL. */
    public void loadSegment(int sreg, int selector) {
        if (sreg == Cpu.SS) {
            m.protection.loadStackSegment(selector, m.cpu.cpl, CpuFault.GP);
        } else {
            m.protection.loadDataSegment(sreg, selector);
        }
    }

    /**
     * Ring compression: code and data descriptors with DPL 0 read as DPL 1 (the VMM's shadow
     * descriptor tables), and an inner-ring stack for ring 1 comes from the TSS's ring-0 slot.
     */
    public void setRingCompression(boolean on) {
        m.protection.compressed = on;
    }

    public boolean ringCompression() {
        return m.protection.compressed;
    }

    /** Writes to physical page {@code page} are reported to {@link Monitor#watchedWrite}. */
    public void watchPage(int page, boolean watched) {
        m.memory.watch(page, watched);
    }

    public void unwatchAll() {
        m.memory.unwatchAll();
    }

    /**
     * The monitor holds an interrupt from {@code irq} for injection, and the line has fired again
     * meanwhile: natively the first request would still sit in the PIC's request register and the
     * second would merge with it, so the second is taken back.
     */
    public void mergeRepeatedRequest(int irq) {
        m.pic.withdraw(irq);
    }

    /** The guest's interrupt flag may have gone on: check for pending interrupts. */
    public void interruptsMayBeDeliverable() {
        m.interruptsMayBeDeliverable();
    }

    /** No interrupt between now and the end of the next instruction (after STI). */
    public void interruptShadow() {
        m.interruptShadow();
    }

    /** The guest waits for an interrupt (an emulated HLT). */
    public void halt() {
        m.halt();
    }

    /** Counts an exception and records it as an event (one the VMM met while delivering another, say). */
    public void noteException(CpuFault fault, int eip) {
        m.delivery.noteException(fault, eip);
    }

    public void stop(StopReason reason, int value, String message) {
        m.stop(reason, value, message);
    }

    /** A port write the VMM performs for the guest on its own device model (no bus cycles). */
    public void emulatedOut(int port, int size, int value) {
        m.emulatingIo = true;
        try {
            m.io.out(port, size, value);
        } finally {
            m.emulatingIo = false;
        }
    }

    /** Flushes the TLB (a CR3 load the VMM carries out). */
    public void flushTlb() {
        m.paging.flush();
    }

    /** Whether the page walk for {@code linear} succeeds now, without touching A/D bits: the physical address or -1. */
    public int probe(int linear) {
        return m.paging.probe(linear);
    }

    public boolean strictIsa() {
        return m.options().strictIsa();
    }

    /**
     * Executes the guest instruction at {@code eip} as the hardware would at the current CPL,
     * except that a {@code --isa strict} trap does not fire (the VMM, having caught the trap, lets
     * the harmless part of the instruction run). A fault is thrown.
     */
    public void executeDirect(int eip) {
        m.executeDirect(eip);
    }

    /** Writes {@code value} at the memory operand of the instruction at {@code eip} (plus {@code offset}). */
    public void writeOperand(int eip, int offset, int size, int value) {
        m.writeOperand(eip, offset, size, value);
    }

    /** Reads the memory operand of the instruction at {@code eip} (plus {@code offset}), with the current CPL's rights. */
    public int readOperand(int eip, int offset, int size) {
        return m.readOperand(eip, offset, size);
    }

    public void push(int value) {
        m.bus.push(4, value);
    }

    public int pop() {
        return m.bus.pop(4);
    }

    /** Pushes {@code size} bytes (2 for a 16-bit form such as PUSHFW, 4 otherwise). */
    public void push(int size, int value) {
        m.bus.push(size, value);
    }

    public int pop(int size) {
        return m.bus.pop(size);
    }

    /**
     * Enters guest code at {@code cpl} the way an interrupt gate would, without an IDT: loads CS and
     * SS from the guest's (shadowed) descriptor table with RPL {@code cpl}. A VMM's own delivery
     * (a Xen-style bounce frame, a SYSENTER reflected into ring 1).
     */
    public void enter(int cs, int eip, int ss, int esp, int cpl) {
        m.protection.enter(cs, eip, ss, esp, cpl);
    }

    /** Counts (and records) a system call into the guest kernel. */
    public void systemCall(String via, int fromRing) {
        m.delivery.systemCall(via, fromRing);
    }

    /** Writes a register-trace update after the monitor changed registers (tracing only). */
    public void registersChanged() {
        m.traceRegisters();
    }
}
