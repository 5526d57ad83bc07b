package dev.ringscope.machine;

import java.util.LinkedHashMap;
import java.util.Map;

/** What happened in a run, counted whether or not events are recorded. */
public final class RunCounters {
    long instructions;
    long ringTransitions;
    long exceptions;
    final long[] exceptionsByVector = new long[32];
    long interrupts;
    long systemCalls;
    long ioAccesses;
    long consoleBytes;
    long halts;

    public long instructions() { return instructions; }

    public long exceptions() { return exceptions; }

    public long systemCalls() { return systemCalls; }

    public long interrupts() { return interrupts; }

    public long ringTransitions() { return ringTransitions; }

    /** By event kind, for summaries ({@code run --json}). */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("instructionRetired", instructions);
        m.put("ringTransition", ringTransitions);
        m.put("exceptionRaised", exceptions);
        m.put("interruptDelivered", interrupts);
        m.put("systemCall", systemCalls);
        m.put("ioAccess", ioAccesses);
        m.put("consoleOutput", consoleBytes);
        m.put("guestHalted", halts);
        return m;
    }

    /** Exceptions by mnemonic (#GP, #PF, …), only those that happened. */
    public Map<String, Long> exceptionsByName() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int v = 0; v < exceptionsByVector.length; v++) {
            if (exceptionsByVector[v] > 0) {
                m.put(CpuFault.mnemonic(v), exceptionsByVector[v]);
            }
        }
        return m;
    }

    void restore(RunCounters c) {
        instructions = c.instructions;
        ringTransitions = c.ringTransitions;
        exceptions = c.exceptions;
        System.arraycopy(c.exceptionsByVector, 0, exceptionsByVector, 0, 32);
        interrupts = c.interrupts;
        systemCalls = c.systemCalls;
        ioAccesses = c.ioAccesses;
        consoleBytes = c.consoleBytes;
        halts = c.halts;
    }

    RunCounters copy() {
        RunCounters c = new RunCounters();
        c.instructions = instructions;
        c.ringTransitions = ringTransitions;
        c.exceptions = exceptions;
        System.arraycopy(exceptionsByVector, 0, c.exceptionsByVector, 0, 32);
        c.interrupts = interrupts;
        c.systemCalls = systemCalls;
        c.ioAccesses = ioAccesses;
        c.consoleBytes = consoleBytes;
        c.halts = halts;
        return c;
    }
}
