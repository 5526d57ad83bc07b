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
