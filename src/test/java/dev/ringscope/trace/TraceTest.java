package dev.ringscope.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TraceTest {

    @Provide
    Arbitrary<List<Event>> sequences() {
        return EventArbitraries.sequences(300);
    }

    @Property(tries = 200)
    void givesBackWhatWasAppended(@ForAll("sequences") List<Event> events) {
        Trace trace = traceOf(events);
        assertEquals(events.size(), trace.size());
        Map<EventKind, Long> counts = new EnumMap<>(EventKind.class);
        for (int i = 0; i < events.size(); i++) {
            Event expected = events.get(i);
            Event actual = trace.get(i);
            assertTrue(Events.equal(expected, actual), () -> "expected " + TraceWriter.toJson(expected)
                    + "\n but got " + TraceWriter.toJson(actual));
            assertEquals(EventKind.of(expected), trace.kindAt(i));
            assertEquals(expected.cycle(), trace.cycleAt(i));
            counts.merge(EventKind.of(expected), 1L, Long::sum);
        }
        assertEquals(counts, trace.counts().asMap());
        assertEquals(events.size(), trace.counts().total());
        int i = 0;
        for (Event e : trace) {
            assertTrue(Events.equal(events.get(i++), e));
        }
        assertEquals(events.size(), i);
    }

    @Example
    void holdsManyChunksOfATypicalRun() {
        TypicalRun run = new TypicalRun(7);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            events.add(run.next());
        }
        Trace trace = traceOf(events);
        for (int i = 0; i < events.size(); i++) {
            int index = i;
            assertTrue(Events.equal(events.get(i), trace.get(i)), () -> "event " + index);
        }
    }

    @Example
    void keepsCyclesFarApartAcrossChunks() {
        long[] cycles = new long[20_000];
        for (int i = 0; i < cycles.length; i++) {
            cycles[i] = 1_000_000L * i; // leaves an int's reach of the chunk's first cycle within the chunk
        }
        cycles[9000] = Long.MIN_VALUE;
        cycles[17_000] = Long.MAX_VALUE;
        Trace trace = new Trace();
        for (long cycle : cycles) {
            trace.appendRegisterWrite(cycle, ArchRegister.EAX, 0);
        }
        for (int i = 0; i < cycles.length; i++) {
            assertEquals(cycles[i], trace.cycleAt(i));
            assertEquals(cycles[i], trace.get(i).cycle());
        }
    }

    @Example
    void rejectsASeqThatIsNotTheNextPosition() {
        Trace trace = new Trace();
        trace.append(new Event.VmEntry(0, 5, true, 0x1000));
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
                () -> trace.append(new Event.VmEntry(2, 6, false, 0x1000)));
        assertEquals("event seq 2 appended as event 1; a trace's seq numbers run 0, 1, 2, … without gaps",
                gap.getMessage());
        assertThrows(IllegalArgumentException.class, () -> trace.append(new Event.VmEntry(0, 6, false, 0x1000)));
        assertEquals(1, trace.size());
    }

    @Example
    void rejectsWhatItCannotStoreAndStaysAsItWas() {
        Trace trace = new Trace();
        trace.append(new Event.GuestHalted(0, 1, 0x1000, true));
        assertThrows(IllegalArgumentException.class,
                () -> trace.append(new Event.InstructionRetired(1, 2, 0, 0, new byte[16])));
        assertThrows(IllegalArgumentException.class,
                () -> trace.append(new Event.InstructionRetired(1, 2, 0, 0, null)));
        assertThrows(IllegalArgumentException.class,
                () -> trace.append(new Event.RegisterWrite(1, 2, null, 0)));
        assertThrows(IllegalArgumentException.class,
                () -> trace.append(new Event.RingTransition(1, 2, 3, 0, Party.GUEST_USER, null, Cause.INTERRUPT, 32,
                        "IRQ 0")));
        assertThrows(IllegalArgumentException.class,
                () -> trace.append(new Event.MemoryAccess(1, 2, 0, 0, Integer.MAX_VALUE, 0, false)));
        assertEquals(1, trace.size());
        trace.append(new Event.InstructionRetired(1, 3, 0x1000, 0, new byte[] {(byte) 0xF4}));
        assertEquals(new Event.GuestHalted(0, 1, 0x1000, true), trace.get(0));
        assertArrayEquals(new byte[] {(byte) 0xF4}, ((Event.InstructionRetired) trace.get(1)).bytes());
        assertEquals(Map.of(EventKind.GUEST_HALTED, 1L, EventKind.INSTRUCTION_RETIRED, 1L), trace.counts().asMap());
    }

    @Example
    void indexesOutsideTheTraceAreErrors() {
        Trace trace = new Trace();
        assertThrows(IndexOutOfBoundsException.class, () -> trace.get(0));
        trace.append(new Event.VmEntry(0, 5, true, 0x1000));
        assertThrows(IndexOutOfBoundsException.class, () -> trace.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> trace.kindAt(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> trace.cycleAt(1));
    }

    @Example
    void appendingWithoutRecordsStoresTheSameEvents() {
        byte[] code = {0x55, (byte) 0x89, (byte) 0xE5, (byte) 0xCD, (byte) 0x80};
        Trace direct = new Trace();
        assertEquals(0, direct.appendInstruction(10, 0xC000_1000, 0, code, 3, 2));
        assertEquals(1, direct.appendRegisterWrite(10, ArchRegister.ESP, -4));
        assertEquals(2, direct.appendMemoryAccess(11, 0xBFFF_FFFC, 0x7FFC, 4, 0x1234, true));
        assertTrue(Events.equal(new Event.InstructionRetired(0, 10, 0xC000_1000, 0, new byte[] {(byte) 0xCD, (byte) 0x80}),
                direct.get(0)));
        assertEquals(new Event.RegisterWrite(1, 10, ArchRegister.ESP, -4), direct.get(1));
        assertEquals(new Event.MemoryAccess(2, 11, 0xBFFF_FFFC, 0x7FFC, 4, 0x1234, true), direct.get(2));
    }

    @Example
    void everyEventRecordHasAKindWithItsOwnName() {
        Set<Class<?>> records = new HashSet<>(Arrays.asList(Event.class.getPermittedSubclasses()));
        Set<Class<?>> kinds = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (EventKind kind : EventKind.values()) {
            kinds.add(kind.recordClass());
            names.add(kind.jsonName());
            assertEquals(kind, EventKind.fromJsonName(kind.jsonName()));
        }
        assertEquals(records, kinds);
        assertEquals(EventKind.values().length, names.size());
        assertFalse(names.contains("header"));
    }

    static Trace traceOf(List<Event> events) {
        Trace trace = new Trace();
        for (Event e : events) {
            trace.append(e);
        }
        return trace;
    }

    @org.junit.jupiter.api.Test
    void findsTheLastEventOfAKindWithinALookBack() {
        Trace t = new Trace();
        t.append(new Event.VmExit(0, 0, 30, "I/O instruction", 0, 0));
        for (int i = 1; i < 10; i++) {
            t.append(new Event.ConsoleOutput(i, i, 0xE9, "x"));
        }
        t.append(new Event.VmExit(10, 10, 12, "HLT", 0, 0));
        assertEquals(10, t.lastIndexOf(EventKind.VM_EXIT, t.size(), 100));
        assertEquals(0, t.lastIndexOf(EventKind.VM_EXIT, 10, 100), "before index 10");
        assertEquals(-1, t.lastIndexOf(EventKind.VM_EXIT, 10, 5), "out of the look-back");
        assertEquals(-1, t.lastIndexOf(EventKind.HYPERCALL, t.size(), 100));
    }
}
