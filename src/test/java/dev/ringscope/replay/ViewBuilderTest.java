package dev.ringscope.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.machine.Cpu;
import dev.ringscope.machine.Machine;
import dev.ringscope.trace.ArchRegister;
import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Party;
import dev.ringscope.trace.RingOccupancy;
import dev.ringscope.trace.StopReason;
import dev.ringscope.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fold of events into what the screen shows. */
class ViewBuilderTest {

    @Test
    void theEndOfARunShowsItsConsoleCountsAndHowItEnded() {
        Machine m = Runs.boot("hello");
        Trace trace = new Trace();
        m.setEventSink(trace);
        m.run(1_000_000);
        MachineView v = ViewBuilder.fold(trace);

        assertEquals(m.console(), v.console().text());
        assertTrue(v.console().text().contains("hello from ring 3"));
        assertEquals(0, v.console().dropped());
        assertEquals(trace.counts().asMap(), v.counts());
        assertEquals(m.instructions(), v.instructionsRetired());
        assertTrue(v.ended());
        assertEquals(StopReason.EXIT, v.runEnded().reason());
        assertEquals(EventKind.RUN_ENDED, v.lastEvent().kind());
        assertEquals(trace.size(), v.position());
    }

    @Test
    void everyRegisterTheViewKnowsHasTheMachinesValueAtThatPoint() {
        Machine m = Runs.boot("syscall");
        Trace trace = new Trace();
        m.setEventSink(trace);
        ViewBuilder builder = new ViewBuilder();
        int compared = 0;
        while (!m.stopped()) {
            m.step();
            while (builder.position() < trace.size()) {
                builder.apply(trace.get(builder.position()));
            }
            if (m.instructions() % 97 == 0) {
                Map<ArchRegister, Integer> known = builder.view().registers();
                assertEquals(known.get(ArchRegister.EAX), value(m.cpu(), ArchRegister.EAX), "EAX");
                for (Map.Entry<ArchRegister, Integer> r : known.entrySet()) {
                    assertEquals(value(m.cpu(), r.getKey()), r.getValue(), r.getKey() + " after " + m.instructions());
                    compared++;
                }
            }
        }
        assertTrue(compared > 1000, "registers compared: " + compared);
    }

    private static Integer value(Cpu c, ArchRegister r) {
        switch (r) {
            case EFLAGS:
                return c.eflags();
            case CR0:
                return c.cr0;
            case CR2:
                return c.cr2;
            case CR3:
                return c.cr3;
            case CR4:
                return c.cr4;
            case GDTR_BASE:
                return c.gdtrBase;
            case GDTR_LIMIT:
                return c.gdtrLimit;
            case IDTR_BASE:
                return c.idtrBase;
            case IDTR_LIMIT:
                return c.idtrLimit;
            case LDTR:
                return c.ldtrSelector;
            case TR:
                return c.trSelector;
            case EIP:
                return c.eip;
            default:
                return r.ordinal() < 8 ? c.reg[r.ordinal()] : c.segSelector[r.ordinal() - ArchRegister.ES.ordinal()];
        }
    }

    @Test
    void theStepOfIntX80ShowsTheCrossingItsRegisterWritesAndThePushedFrame() {
        Trace trace = Runs.record("hello");
        long intAt = firstInstruction(trace, 0xCD, 0x80);
        ViewBuilder b = new ViewBuilder();
        while (b.position() <= intAt) {
            b.apply(trace.get(b.position()));
        }
        while (b.position() < trace.size() && trace.kindAt(b.position()) == EventKind.REGISTER_WRITE) {
            b.apply(trace.get(b.position()));
        }
        MachineView v = b.view();
        assertEquals(0, v.ring());
        assertEquals(0x08, v.step().registerWrites().get(ArchRegister.CS), "the kernel's CS");
        assertEquals(0x10, v.step().registerWrites().get(ArchRegister.SS), "the kernel's SS");
        Event.RingTransition t = v.step().first(Event.RingTransition.class);
        assertNotNull(t);
        assertEquals("int 0x80", t.label());
        assertEquals(Party.GUEST_USER, t.from());
        assertEquals(Party.GUEST_KERNEL, t.to());
        assertNotNull(v.step().first(Event.SystemCall.class));
        // the CPU pushed SS, ESP, EFLAGS, CS and the return EIP onto the kernel stack (SDM 3A 6.12.1)
        List<MemoryTouch> writes = v.step().memory().stream().filter(MemoryTouch::write).toList();
        assertEquals(5, writes.size(), v.step().memory().toString());
        assertEquals(0x1B, writes.get(3).value(), "user CS");
        assertEquals(v.current().eip() + 2, writes.get(4).value(), "return EIP");
        assertTrue(v.step().memory().stream().anyMatch(t2 -> !t2.write()), "the IDT gate was read");
        assertTrue(v.step().firstEvent() < intAt);
    }

    @Test
    void cyclesPerRingAddUpToTheCyclesOfTheRun() {
        Trace trace = Runs.record("preempt");
        MachineView v = ViewBuilder.fold(trace);
        long sum = v.cyclesByRing().values().stream().mapToLong(Long::longValue).sum();
        long lastRetiredCycle = 0;
        for (long i = trace.size() - 1; i >= 0; i--) {
            if (trace.kindAt(i) == EventKind.INSTRUCTION_RETIRED) {
                lastRetiredCycle = trace.cycleAt(i);
                break;
            }
        }
        assertEquals(lastRetiredCycle, sum);
        assertTrue(v.cyclesByRing().get(3) > 0 && v.cyclesByRing().get(0) > 0, v.cyclesByRing().toString());
        assertEquals(Map.of(0, Party.GUEST_KERNEL, 3, Party.GUEST_USER), v.parties());
    }

    @Test
    void theTrailKeepsTheLastSixteenCrossingsOldestFirst() {
        Trace trace = Runs.record("syscall");
        List<Event.RingTransition> all = new ArrayList<>();
        for (Event e : trace) {
            if (e instanceof Event.RingTransition t) {
                all.add(t);
            }
        }
        assertTrue(all.size() > ViewBuilder.TRAIL_LENGTH, "crossings: " + all.size());
        MachineView v = ViewBuilder.fold(trace);
        assertEquals(all.subList(all.size() - ViewBuilder.TRAIL_LENGTH, all.size()), v.trail());
    }

    @Test
    void whoIsInWhichRingIsTheLayoutsFromTheFirstEventAndCrossingsDoNotChangeIt() {
        ViewBuilder nat = new ViewBuilder();
        assertEquals(Map.of(0, Party.GUEST_KERNEL, 3, Party.GUEST_USER), nat.view().parties());
        ViewBuilder b = new ViewBuilder(RingOccupancy.VMX);
        // before any event, the hardware VMM's ring is known
        assertEquals(List.of(-1, 0, 3), List.copyOf(b.view().parties().keySet()));
        b.apply(new Event.InstructionRetired(0, 1, 0x1000, 0, new byte[] {(byte) 0x90}));
        b.apply(new Event.VmExit(1, 2, 12, "HLT", 0, 0x1001));
        b.apply(new Event.RingTransition(2, 2, 0, -1, Party.GUEST_KERNEL, Party.VMM, Cause.VM_EXIT, 12, "VM exit"));
        MachineView v = b.view();
        assertEquals(-1, v.ring());
        assertEquals(Party.VMM, v.party(-1));
        assertEquals(Party.GUEST_KERNEL, v.party(0));
        assertEquals(1, v.count(EventKind.VM_EXIT));
        // ring compression: the guest kernel is in ring 1 at its first instruction, before any crossing
        ViewBuilder c = new ViewBuilder(RingOccupancy.RING_COMPRESSED);
        c.apply(new Event.InstructionRetired(0, 1, 0x1000, 1, new byte[] {(byte) 0x90}));
        assertEquals(Party.GUEST_KERNEL, c.view().party(1));
        assertEquals(Party.VMM, c.view().party(0));
        assertTrue(c.view().firstInstructionInItsRing());
        // a crossing that names parties at odds with the layout does not move anyone
        c.apply(new Event.RingTransition(1, 2, 1, 0, Party.GUEST_USER, Party.GUEST_USER, Cause.EXCEPTION, 13, "#GP"));
        assertEquals(Party.VMM, c.view().party(0));
        assertEquals(0, c.view().ring());
        c.apply(new Event.InstructionRetired(2, 3, 0x1001, 1, new byte[] {(byte) 0x90}));
        assertFalse(c.view().firstInstructionInItsRing());
    }

    @Test
    void theConsoleKeepsTheLast64KiBAndCountsWhatItDropped() {
        ViewBuilder b = new ViewBuilder();
        StringBuilder all = new StringBuilder();
        long seq = 0;
        for (int i = 0; all.length() < 200_000; i++) {
            String piece = (i % 7 == 0 ? "line " + i + "\n" : Character.toString('a' + i % 26)).repeat(1 + i % 13);
            all.append(piece);
            b.apply(new Event.ConsoleOutput(seq++, seq, 0xE9, piece));
        }
        ConsoleText c = b.view().console();
        assertEquals(ConsoleText.LIMIT, c.text().length());
        assertEquals(all.substring(all.length() - ConsoleText.LIMIT), c.text());
        assertEquals(all.length() - ConsoleText.LIMIT, c.dropped());
        assertEquals(all.length(), c.total());
    }

    @Test
    void aStepWithLongStringsKeepsTheFirstAccessesAndCountsTheRest() {
        ViewBuilder b = new ViewBuilder();
        for (int i = 0; i < 100; i++) {
            b.apply(new Event.MemoryAccess(i, 1, 0x2000 + i, 0x2000 + i, 1, i, i % 2 == 0));
        }
        b.apply(new Event.InstructionRetired(100, 2, 0x1000, 0, new byte[] {(byte) 0xF3, (byte) 0xA4}));
        Step step = b.view().step();
        assertEquals(Step.MAX_MEMORY, step.memory().size());
        assertEquals(100 - Step.MAX_MEMORY, step.memoryDropped());
        assertEquals(0x2000, step.memory().get(0).linear());
        // the next instruction starts a new step
        b.apply(new Event.InstructionRetired(101, 3, 0x1002, 0, new byte[] {(byte) 0x90}));
        assertEquals(List.of(), b.view().step().memory());
        assertEquals(101, b.view().step().firstEvent());
    }

    @Test
    void aViewIsOfAWholePrefixSoAGapIsRefused() {
        ViewBuilder b = new ViewBuilder();
        assertThrows(IllegalArgumentException.class,
                () -> b.apply(new Event.GuestHalted(1, 1, 0x1000, true)));
        MachineView empty = b.view();
        assertNull(empty.current());
        assertNull(empty.lastEvent());
        assertFalse(empty.ended());
        assertEquals(-1, empty.instructionIndex());
    }

    @Test
    void aCopyFoldsOnIndependently() {
        Trace trace = Runs.record("hello");
        ViewBuilder a = new ViewBuilder();
        for (long i = 0; i < 5000; i++) {
            a.apply(trace.get(i));
        }
        ViewBuilder b = a.copy();
        MachineView at5000 = a.view();
        for (long i = 5000; i < trace.size(); i++) {
            b.apply(trace.get(i));
        }
        assertEquals(at5000, a.view());
        assertEquals(ViewBuilder.fold(trace), b.view());
    }

    /** The seq of the first InstructionRetired with these bytes. */
    static long firstInstruction(Trace trace, int... bytes) {
        for (long i = 0; i < trace.size(); i++) {
            if (trace.get(i) instanceof Event.InstructionRetired r && r.bytes().length == bytes.length) {
                boolean same = true;
                for (int k = 0; k < bytes.length; k++) {
                    same &= (r.bytes()[k] & 0xFF) == bytes[k];
                }
                if (same) {
                    return i;
                }
            }
        }
        throw new AssertionError("no such instruction");
    }
}
