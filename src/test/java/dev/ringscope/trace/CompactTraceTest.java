package dev.ringscope.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The compact form holds every event as it was, chunks seek by event and instruction, and the bytes are stable. */
class CompactTraceTest {

    static final TraceHeader HEADER = TraceHeader.of("hello.asm", "binary-translation", "x86", "2006",
            RingOccupancy.RING_COMPRESSED, Map.of("maxInstructions", "1000"));

    @Provide
    Arbitrary<List<Event>> sequences() {
        return EventArbitraries.producibleSequences(300);
    }

    @Property(tries = 300)
    void whatIsWrittenIsReadBack(@ForAll("sequences") List<Event> events) throws IOException {
        LoadedTrace loaded = load(compact(HEADER, events));
        assertEquals(List.of(), loaded.problems());
        assertEquals(HEADER, loaded.header());
        assertSameEvents(events, loaded.trace());
    }

    @Property(tries = 200)
    void jsonLinesToCompactAndBackGivesTheSameBytes(@ForAll("sequences") List<Event> events) throws IOException {
        byte[] jsonl = TraceCodecTest.write(HEADER, events);
        LoadedTrace fromJson = TraceReader.load(new ByteArrayInputStream(jsonl), "t.jsonl");
        LoadedTrace back = load(compact(fromJson.header(), fromJson.trace()));
        assertArrayEquals(jsonl, TraceCodecTest.write(back.header(), back.trace()));
    }

    @Example
    void manyEventsMakeManyChunksThatSeekByEventAndByInstruction() throws IOException {
        List<Event> events = typical(200_000);
        byte[] file = compact(HEADER, events);
        assertTrue(file.length < events.size() * 8, "bytes per event: " + (double) file.length / events.size());
        assertSameEvents(events, load(file).trace());
        assertArrayEquals(file, compact(HEADER, events), "the same events give the same bytes");

        Path path = Files.createTempFile("seek", ".rstrace");
        try {
            Files.write(path, file);
            try (CompactIndex index = CompactIndex.open(path)) {
                assertEquals(HEADER, index.header());
                assertEquals(events.size(), index.events());
                long instructions = events.stream().filter(e -> e instanceof Event.InstructionRetired).count();
                assertEquals(instructions, index.instructions());
                assertTrue(index.chunkCount() >= 6, "chunks: " + index.chunkCount());
                for (long n : new long[] {0, 1, 32767, 32768, 123_456, events.size() - 1}) {
                    int chunk = index.chunkOfEvent(n);
                    List<Event> read = new ArrayList<>();
                    index.read(chunk, read::add);
                    long first = index.firstEventOf(chunk);
                    assertTrue(first <= n && n < first + read.size(), n + " not in chunk " + chunk);
                    assertTrue(Events.equal(events.get((int) n), read.get((int) (n - first))));
                }
                List<Event> retired = events.stream().filter(e -> e instanceof Event.InstructionRetired).toList();
                for (long i : new long[] {0, 5000, 60_000, instructions - 1}) {
                    Event wanted = retired.get((int) i);
                    List<Event> read = new ArrayList<>();
                    index.read(index.chunkOfInstruction(i), read::add);
                    assertTrue(read.stream().anyMatch(e -> Events.equal(e, wanted)), "instruction " + i);
                }
            }
        } finally {
            Files.delete(path);
        }
    }

    /** The codes a .rstrace file stores are these enums' positions: docs/trace-format.md lists them, and so does this. */
    @Example
    void theEnumCodesInTheFileAreTheDocumentedOnes() {
        assertEquals("EAX ECX EDX EBX ESP EBP ESI EDI EIP EFLAGS ES CS SS DS FS GS CR0 CR2 CR3 CR4 GDTR_BASE GDTR_LIMIT "
                + "IDTR_BASE IDTR_LIMIT LDTR TR V_EFLAGS V_CS V_SS V_CPL", names(ArchRegister.values()));
        assertEquals("GUEST_USER GUEST_KERNEL VMM HOST_KERNEL VMM_PROCESS", names(Party.values()));
        assertEquals("SYSTEM_CALL EXCEPTION INTERRUPT VM_EXIT VM_ENTRY HYPERCALL RETURN FAR_TRANSFER WORLD_SWITCH "
                + "EXIT_TO_USER HOST_SYSCALL", names(Cause.values()));
        assertEquals("HALTED EXIT SHUTDOWN LIMIT STOPPED", names(StopReason.values()));
    }

    @Example
    void stringsThatUtf8CannotHoldAndHugeCyclesComeBackAsTheyWere() throws IOException {
        List<Event> events = List.of(
                new Event.ConsoleOutput(0, Long.MAX_VALUE, 0xE9, "lone \uD800 surrogate"),
                new Event.ConsoleOutput(1, 0, 0xE9, "héllo → ✓"),
                new Event.ConsoleOutput(2, 5, 0xE9, null),
                new Event.ConsoleOutput(3, 5, 0xE9, ""),
                new Event.InstructionRetired(4, 6, -1, 3, new byte[] {(byte) 0x90}),
                new Event.InstructionRetired(5, 7, 0, 0, new byte[15]));
        assertSameEvents(events, load(compact(HEADER, events)).trace());
    }

    @Example
    void anEventWithAStringTooLongIsRefusedAndTheTraceGoesOnWhole() throws IOException {
        String huge = "x".repeat(ChunkCoder.MAX_STRING_BYTES + 1);
        List<Event> events = List.of(new Event.ConsoleOutput(0, 1, 0xE9, "before"),
                new Event.ConsoleOutput(1, 2, 0xE9, "after"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TraceOutput writer = TraceCodec.COMPACT.writer(out, HEADER)) {
            writer.accept(events.get(0));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> writer.accept(new Event.VirtualizationHole(1, 2, 0, "new", huge, "x")));
            writer.accept(events.get(1));
        }
        LoadedTrace loaded = load(out.toByteArray());
        assertEquals(List.of(), loaded.problems());
        assertSameEvents(events, loaded.trace());
    }

    static void assertSameEvents(List<Event> expected, Trace actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Event e = expected.get(i);
            Event a = actual.get(i);
            assertTrue(Events.equal(e, a), () -> "wrote " + TraceWriter.toJson(e) + "\n read " + TraceWriter.toJson(a));
        }
    }

    static List<Event> typical(int n) {
        TypicalRun run = new TypicalRun(7);
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(run.next());
        }
        return events;
    }

    static byte[] compact(TraceHeader header, Iterable<Event> events) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TraceOutput writer = TraceCodec.COMPACT.writer(out, header)) {
            for (Event e : events) {
                writer.accept(e);
            }
        }
        return out.toByteArray();
    }

    static LoadedTrace load(byte[] file) throws IOException {
        try (TraceInput in = TraceCodec.COMPACT.reader(new ByteArrayInputStream(file), "t.rstrace")) {
            return in.readAll();
        }
    }

    private static String names(Enum<?>[] values) {
        return String.join(" ", Arrays.stream(values).map(Enum::name).toList());
    }
}
