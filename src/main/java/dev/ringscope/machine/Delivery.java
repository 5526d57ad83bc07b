package dev.ringscope.machine;

import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.Party;
import dev.ringscope.trace.StopReason;

/**
 * Getting into the kernel: exceptions (with the SDM's escalation to #DF and shutdown), software
 * interrupts and system calls, hardware interrupts from the PIC — each counted, each an event, and
 * every change of ring recorded with who is on either side.
 */
final class Delivery {

    private final Machine m;

    Delivery(Machine m) {
        this.m = m;
    }

    /**
     * Delivers an exception raised by the instruction at {@code faultingEip}, escalating as the SDM
     * says (Vol. 3A §6.15, Table 6-5): a second contributory fault or page fault while delivering
     * becomes #DF, and a fault while delivering #DF shuts the machine down.
     */
    void raise(CpuFault first, int faultingEip) {
        noteException(first, faultingEip);
        m.cycles += m.costs.exception();
        int returnEip = first.vector() == CpuFault.BP || first.vector() == CpuFault.OF ? m.cpu.eip : faultingEip;
        if (m.monitor != null && m.monitor.exception(first, faultingEip, returnEip)) {
            return;
        }
        deliverEscalating(first, returnEip, Protection.Source.EXCEPTION, "");
    }

    void deliverEscalating(CpuFault fault, int returnEip, Protection.Source source, String label) {
        deliverEscalating(fault, returnEip, source, label, m.cpu.cpl, Cause.EXCEPTION);
    }

    /**
     * A monitor reflects an event into the guest's IDT. A software interrupt's faults (the gate's
     * DPL) propagate to the instruction; an exception's or interrupt's escalate as on hardware.
     */
    void reflect(int vector, int errorCode, boolean software, int returnEip, int fromRing, Cause cause, String label) {
        if (software) {
            m.protection.deliver(vector, errorCode, Protection.Source.SOFTWARE, returnEip);
            afterDelivery(fromRing, vector, cause, label);
            return;
        }
        CpuFault f = CpuFault.withCode(vector, errorCode, label);
        deliverEscalating(f, returnEip, cause == Cause.INTERRUPT ? Protection.Source.EXTERNAL : Protection.Source.EXCEPTION,
                label, fromRing, cause);
    }

    private void deliverEscalating(CpuFault fault, int returnEip, Protection.Source source, String label, int from,
                                   Cause cause) {
        try {
            m.protection.deliver(fault.vector(), fault.errorCode(), source, returnEip);
            afterDelivery(from, fault.vector(), cause, label.isEmpty() ? CpuFault.mnemonic(fault.vector()) : label);
        } catch (CpuFault second) {
            noteException(second, m.cpu.eip);
            switch (CpuFault.escalation(fault.vector(), second.vector())) {
                case SHUTDOWN -> m.stop(StopReason.SHUTDOWN, 0, "triple fault: " + CpuFault.mnemonic(second.vector())
                        + " while delivering #DF (" + second.reason() + ")");
                case DOUBLE_FAULT -> {
                    CpuFault df = CpuFault.withCode(CpuFault.DF, 0, CpuFault.mnemonic(second.vector())
                            + " while delivering " + CpuFault.mnemonic(fault.vector()));
                    noteException(df, m.cpu.eip);
                    deliverEscalating(df, returnEip, Protection.Source.EXCEPTION, "#DF");
                }
                case SERIALLY -> deliverEscalating(second, returnEip, Protection.Source.EXCEPTION, "");
            }
        }
    }

    void noteException(CpuFault f, int eip) {
        m.counters.exceptions++;
        if (f.vector() < m.counters.exceptionsByVector.length) {
            m.counters.exceptionsByVector[f.vector()]++;
        }
        if (m.tracing) {
            m.emit(new Event.ExceptionRaised(m.nextSeq(), m.cycles, f.vector(), CpuFault.mnemonic(f.vector()), f.errorCode(),
                    eip, f.reason()));
        }
    }

    /** int n / int3: through the IDT with the gate's DPL checked; faults escalate like any other. */
    void softwareInterrupt(int vector, int nextEip, String label) {
        int from = m.cpu.cpl;
        m.cycles += m.costs.softwareInterrupt();
        if (m.monitor != null && m.monitor.softwareInterrupt(vector, nextEip, label)) {
            return;
        }
        m.protection.deliver(vector, -1, Protection.Source.SOFTWARE, nextEip);
        if (from > 0 && vector != 3) {
            systemCall(label, from);
        }
        afterDelivery(from, vector, from > m.cpu.cpl && vector != 3 ? Cause.SYSTEM_CALL : Cause.EXCEPTION, label);
    }

    void deliverExternalInterrupt() {
        int irq = m.pic.acknowledge();
        if (irq < 0) {
            return;
        }
        m.wake();
        int vector = m.pic.vectorFor(irq);
        m.counters.interrupts++;
        if (m.tracing) {
            m.emit(new Event.InterruptDelivered(m.nextSeq(), m.cycles, irq, vector, m.cpu.eip));
        }
        m.cycles += m.costs.interrupt();
        if (m.monitor != null && m.monitor.externalInterrupt(irq, vector)) {
            m.traceRegisters();
            return;
        }
        int from = m.cpu.cpl;
        try {
            m.protection.deliver(vector, -1, Protection.Source.EXTERNAL, m.cpu.eip);
            afterDelivery(from, vector, Cause.INTERRUPT, "IRQ " + irq);
        } catch (CpuFault f) {
            raise(f, m.cpu.eip);
        }
        m.traceRegisters();
    }

    private void afterDelivery(int fromRing, int vector, Cause cause, String label) {
        ringTransition(fromRing, m.cpu.cpl, cause, vector, label);
        m.traceRegisters();
    }

    void systemCall(String via, int fromRing) {
        m.counters.systemCalls++;
        if (m.tracing) {
            m.emit(new Event.SystemCall(m.nextSeq(), m.cycles, via, m.cpu.reg[0], m.cpu.eip));
        }
    }

    /** Records a crossing when the ring changed (same-ring deliveries are not crossings). */
    void ringTransition(int from, int to, Cause cause, int vector, String label) {
        if (from == to) {
            return;
        }
        m.counters.ringTransitions++;
        if (m.tracing) {
            m.emit(new Event.RingTransition(m.nextSeq(), m.cycles, from, to, m.rings().at(from), m.rings().at(to),
                    cause, vector, label));
        }
    }

    /**
     * A hop on the host's side of a hosted or KVM hypervisor: always a crossing, since the party
     * changes even where the simplified picture's ring does not (root ring 0 to root ring 3 are both −1).
     */
    void hostHop(int from, int to, Party fromParty, Party toParty, Cause cause, String label) {
        m.counters.ringTransitions++;
        if (m.tracing) {
            m.emit(new Event.RingTransition(m.nextSeq(), m.cycles, from, to, fromParty, toParty, cause, -1, label));
        }
    }

    void noteIret(int from, int to) {
        ringTransition(from, to, Cause.RETURN, -1, "iretd");
    }
}
