package dev.ringscope.vmm;

import dev.ringscope.isa.Decoded;
import dev.ringscope.isa.Decoder;
import dev.ringscope.isa.Instruction;
import dev.ringscope.machine.Cpu;
import dev.ringscope.machine.Hardware;
import dev.ringscope.machine.Monitor;
import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Event;

/**
 * What every VMM here shares: the hardware it runs on, its cost model and counters, the events it
 * emits, and snapshots of its state for exact step-back.
 */
public abstract class Vmm implements Monitor {

    protected final CostModel cost;
    protected Hardware hw;
    protected Cpu cpu;
    protected VmmStats stats = new VmmStats();
    /** Where the host's part of an exit happens (type 1: nowhere beyond this VMM). */
    protected Host host = new BareMetalHost();

    protected Vmm(CostModel cost) {
        this.cost = cost;
    }

    public abstract Technique technique();

    public VmmStats stats() {
        return stats;
    }

    public CostModel cost() {
        return cost;
    }

    /** Runs under {@code type} of host (before the machine boots); the combination must be allowed. */
    void runOn(HostType type) {
        if (!type.allows(technique())) {
            throw new IllegalArgumentException(type.refusal(technique()));
        }
        this.host = type.model(cost);
    }

    public HostType host() {
        return host.type();
    }

    /** Who lives where: the technique's layout on this host. */
    public dev.ringscope.trace.RingOccupancy rings() {
        return host.type().rings(technique());
    }

    /**
     * A guest port access has been carried out on the device model: the cycles of that model where
     * the VMM runs it, and the host's hops where the host's user space serves the port.
     */
    protected void portServed(int port, boolean write, boolean vmxRoot) {
        if (host.servesInUserSpace(port)) {
            host.portAccessed(new HostHops(this, hw, vmxRoot), port, write);
        } else {
            charge(VmmStats.Category.VMM, cost.deviceEmulation());
        }
    }

    @Override
    public void attach(Hardware hardware) {
        this.hw = hardware;
        this.cpu = hardware.cpu();
    }

    @Override
    public boolean watchesCode(int cpl) {
        return false;
    }

    @Override
    public boolean kernelInstruction(int eip, Instruction instruction, byte[] bytes) {
        return false;
    }

    @Override
    public void watchedWrite(int physical, int size) {
    }

    @Override
    public void codeWritten(int physical, int length) {
    }

    // ---------------------------------------------------------------- accounting and events

    protected void charge(VmmStats.Category category, long cycles) {
        if (cycles > 0) {
            hw.charge(cycles);
            stats.cycles[category.ordinal()] += cycles;
        }
    }

    protected void transition(int from, int to, Cause cause, int vector, String label) {
        hw.transition(from, to, cause, vector, label);
    }

    protected void emulated(int eip, String instruction, String effect) {
        stats.emulated++;
        emulatedEvent(eip, instruction, effect);
    }

    /** The event alone (for work that is not an emulated guest instruction, e.g. a traced page-table write). */
    protected void emulatedEvent(int eip, String instruction, String effect) {
        if (hw.tracing()) {
            hw.emit(new Event.EmulatedInstruction(hw.nextSeq(), hw.cycles(), eip, instruction, effect));
        }
    }

    protected void hole(int eip, String instruction, String nativeBehaviour, String actual) {
        stats.holes++;
        if (hw.tracing()) {
            hw.emit(new Event.VirtualizationHole(hw.nextSeq(), hw.cycles(), eip, instruction, nativeBehaviour, actual));
        }
    }

    /** The guest instruction at {@code eip}, read with supervisor rights (a #PF propagates). */
    protected Decoded decode(int eip) {
        return Decoder.decode(a -> hw.read((int) a, 1), eip & 0xFFFF_FFFFL);
    }

    protected static String hex(int v) {
        return "0x" + Integer.toHexString(v).toUpperCase(java.util.Locale.ROOT);
    }

    // ---------------------------------------------------------------- snapshots

    /** A technique's own state beyond the counters; null if it has none. */
    protected Object saveState() {
        return null;
    }

    protected void restoreState(Object state) {
    }

    private record Saved(VmmStats stats, Object state) {
    }

    @Override
    public final Object save() {
        return new Saved(stats.copy(), saveState());
    }

    @Override
    public final void restore(Object state) {
        Saved s = (Saved) state;
        stats = s.stats.copy();
        restoreState(s.state);
    }
}
