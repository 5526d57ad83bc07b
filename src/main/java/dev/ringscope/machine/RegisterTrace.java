package dev.ringscope.machine;

import dev.ringscope.trace.ArchRegister;
import dev.ringscope.trace.EventSink;

/**
 * Turns register state into RegisterWrite events: all registers once when tracing starts, then
 * after each instruction or delivery one event per register whose value changed. EIP is left out:
 * the next InstructionRetired says where execution is.
 */
final class RegisterTrace {

    private final Cpu cpu;
    private final int[] known = new int[ArchRegister.values().length];
    private final int[] now = new int[ArchRegister.values().length];

    RegisterTrace(Cpu cpu) {
        this.cpu = cpu;
    }

    /** Starts over from the CPU's current state; with a sink, writes every register's value. */
    void reset(Machine m, EventSink sink) {
        capture(m, known);
        if (sink != null) {
            for (int i = 0; i < traced(m); i++) {
                if (i != ArchRegister.EIP.ordinal()) {
                    sink.registerWrite(m.nextSeq(), m.cycles, ArchRegister.of(i), known[i]);
                }
            }
        }
    }

    void emitChanges(Machine m, EventSink sink) {
        capture(m, now);
        for (int i = 0; i < traced(m); i++) {
            if (now[i] != known[i]) {
                known[i] = now[i];
                if (i != ArchRegister.EIP.ordinal()) {
                    sink.registerWrite(m.nextSeq(), m.cycles, ArchRegister.of(i), now[i]);
                }
            }
        }
    }

    /** How many registers are traced: the virtual CPU's only under a VMM (natively it is the real one). */
    private int traced(Machine m) {
        return m.monitor == null ? ArchRegister.V_EFLAGS.ordinal() : known.length;
    }

    private void capture(Machine m, int[] into) {
        System.arraycopy(cpu.reg, 0, into, 0, 8);
        into[ArchRegister.EIP.ordinal()] = cpu.eip;
        into[ArchRegister.EFLAGS.ordinal()] = cpu.eflags();
        for (int s = 0; s < 6; s++) {
            into[ArchRegister.ES.ordinal() + s] = cpu.segSelector[s];
        }
        into[ArchRegister.CR0.ordinal()] = cpu.cr0;
        into[ArchRegister.CR2.ordinal()] = cpu.cr2;
        into[ArchRegister.CR3.ordinal()] = cpu.cr3;
        into[ArchRegister.CR4.ordinal()] = cpu.cr4;
        into[ArchRegister.GDTR_BASE.ordinal()] = cpu.gdtrBase;
        into[ArchRegister.GDTR_LIMIT.ordinal()] = cpu.gdtrLimit;
        into[ArchRegister.IDTR_BASE.ordinal()] = cpu.idtrBase;
        into[ArchRegister.IDTR_LIMIT.ordinal()] = cpu.idtrLimit;
        into[ArchRegister.LDTR.ordinal()] = cpu.ldtrSelector;
        into[ArchRegister.TR.ordinal()] = cpu.trSelector;
        if (m.monitor != null) {
            for (int v = ArchRegister.V_EFLAGS.ordinal(); v < into.length; v++) {
                into[v] = m.monitor.virtualRegister(ArchRegister.of(v), cpu);
            }
        }
    }
}
