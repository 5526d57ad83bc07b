package dev.ringscope.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.Events;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Restoring a snapshot and running on repeats history exactly: registers, memory, devices, console. */
class SnapshotTest {

    @Test
    void runningOnFromARestoredSnapshotRepeatsEverything() throws Exception {
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(MiniOs.build(Path.of("samples/user/preempt.asm"), Map.of()).bytes());
        m.run(6_000); // somewhere in the middle: tasks running, timer programmed
        Machine.Snapshot s = m.snapshot();

        List<Event> first = new ArrayList<>();
        m.setEventSink(first::add);
        RunResult a = m.run(20_000);
        String consoleA = m.console();
        Cpu cpuA = m.cpu().copy();

        m.restore(s);
        List<Event> second = new ArrayList<>();
        m.setEventSink(second::add);
        RunResult b = m.run(20_000);
        assertEquals(a, b);
        assertEquals(consoleA, m.console());
        assertEquals(cpuA.eip, m.cpu().eip);
        assertEquals(cpuA.eflags(), m.cpu().eflags());
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertTrue(Events.equal(first.get(i), second.get(i)), "event " + i + ": " + first.get(i) + " vs " + second.get(i));
        }
    }

    @Test
    void consoleOutputWrittenAfterTheSnapshotIsTakenBack() throws Exception {
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(MiniOs.build(Path.of("samples/user/hello.asm"), Map.of()).bytes());
        Machine.Snapshot start = m.snapshot();
        m.run(1_000_000);
        assertTrue(m.console().contains("hello from ring 3"));
        m.restore(start);
        assertEquals("", m.console());
        assertEquals(0, m.instructions());
        assertTrue(start.memoryBytes() < 16 << 20, "snapshots share zero pages: " + start.memoryBytes());
    }
}
