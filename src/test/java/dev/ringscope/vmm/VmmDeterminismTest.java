package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.machine.RunResult;
import dev.ringscope.testing.GuestImages;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.Events;
import dev.ringscope.trace.Trace;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Under every VMM, tracing changes nothing, and a snapshot restored re-runs exactly (step-back needs both). */
class VmmDeterminismTest {

    private static final Path PREEMPT = Path.of("samples/user/preempt.asm");

    private static Machine machine(Technique t) throws Exception {
        Machine m = VirtualMachine.create(t, CostModel.P4_2006, MachineOptions.defaults());
        m.boot(GuestImages.of(PREEMPT, t));
        return m;
    }

    @ParameterizedTest
    @EnumSource(Technique.class)
    void tracingDoesNotChangeTheRun(Technique t) throws Exception {
        Machine quiet = machine(t);
        RunResult a = quiet.run(5_000_000);
        Machine traced = machine(t);
        traced.setEventSink(new Trace());
        RunResult b = traced.run(5_000_000);
        assertEquals(a, b);
        assertEquals(quiet.console(), traced.console());
    }

    @ParameterizedTest
    @EnumSource(Technique.class)
    void aRestoredSnapshotRunsOnExactlyAsBefore(Technique t) throws Exception {
        Machine m = machine(t);
        m.run(6_000);
        Machine.Snapshot s = m.snapshot();
        Trace first = new Trace();
        m.setEventSink(first);
        RunResult a = m.run(5_000_000);
        String console = m.console();
        m.restore(s);
        Trace second = new Trace();
        m.setEventSink(second);
        RunResult b = m.run(5_000_000);
        assertEquals(a, b);
        assertEquals(console, m.console());
        assertEquals(first.size(), second.size());
        assertTrue(first.size() > 1000);
        for (long i = 0; i < first.size(); i++) {
            Event x = first.get(i);
            Event y = second.get(i);
            assertTrue(Events.equal(x, y), "event " + i + ": " + x + " vs " + y);
        }
    }
}
