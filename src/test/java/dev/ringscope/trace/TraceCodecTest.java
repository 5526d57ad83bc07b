package dev.ringscope.trace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Writing then reading gives the same header and events; the bytes are stable. */
class TraceCodecTest {

    static final TraceHeader HEADER = TraceHeader.of("hello.asm", "trap-and-emulate", "i386", "teaching",
            RingOccupancy.RING_COMPRESSED, Map.of("timer", "on", "cpuid", "hidden"));

    @Provide
    Arbitrary<List<Event>> sequences() {
        return EventArbitraries.producibleSequences(200);
    }

    @Property(tries = 300)
    void whatIsWrittenIsReadBack(@ForAll("sequences") List<Event> events) throws IOException {
        byte[] file = write(HEADER, events);
        LoadedTrace loaded = TraceReader.load(new ByteArrayInputStream(file), "trace.jsonl");
        assertEquals(List.of(), loaded.problems());
        assertEquals(HEADER, loaded.header());
        assertEquals(events.size(), loaded.trace().size());
        for (int i = 0; i < events.size(); i++) {
            Event expected = events.get(i);
            Event actual = loaded.trace().get(i);
            assertTrue(Events.equal(expected, actual), () -> "wrote " + TraceWriter.toJson(expected)
                    + "\n read " + TraceWriter.toJson(actual));
        }
    }

    @Property(tries = 100)
    void theSameEventsGiveTheSameBytes(@ForAll("sequences") List<Event> events) throws IOException {
        List<Event> copies = new ArrayList<>();
        for (Event e : events) {
            copies.add(Events.withSeq(e, e.seq())); // equal but not the same objects
        }
        assertArrayEquals(write(HEADER, events), write(HEADER, copies));
        byte[] once = write(HEADER, events);
        Trace trace = TraceReader.load(new ByteArrayInputStream(once), "t").trace();
        assertArrayEquals(once, write(HEADER, trace), "read back and written again");
    }

    @Example
    void optionsAreWrittenInKeyOrderWhateverOrderTheyCameIn() throws IOException {
        Map<String, String> zyx = new LinkedHashMap<>();
        zyx.put("z", "1");
        zyx.put("y", "2");
        zyx.put("x", "3");
        TraceHeader header = TraceHeader.of("p", "native", "i386", "flat", RingOccupancy.NATIVE, zyx);
        assertEquals("{\"type\":\"header\",\"schemaVersion\":2,\"program\":\"p\",\"technique\":\"native\","
                + "\"isa\":\"i386\",\"costPreset\":\"flat\",\"rings\":{\"0\":\"GUEST_KERNEL\",\"3\":\"GUEST_USER\"},"
                + "\"options\":{\"x\":\"3\",\"y\":\"2\",\"z\":\"1\"},"
                + "\"createdBy\":\"RingScope\"}\n", new String(write(header, List.of()), UTF_8));
    }

    @Example
    void eventsAreLinesWithStableNamesAndFields() throws IOException {
        List<Event> events = List.of(
                new Event.InstructionRetired(0, 7, 0xC000_1000, 3, new byte[] {(byte) 0xCD, (byte) 0x80}),
                new Event.RegisterWrite(1, 7, ArchRegister.EAX, -1),
                new Event.RingTransition(2, 9, 3, 1, Party.GUEST_USER, Party.GUEST_KERNEL, Cause.SYSTEM_CALL, 0x80,
                        "int 0x80"),
                new Event.ExceptionRaised(3, 9, 13, "#GP", -1, 0x1000, null),
                new Event.RunEnded(4, 12, StopReason.EXIT, -2, 3, "bye"));
        String text = new String(write(HEADER, events), UTF_8);
        String body = text.substring(text.indexOf('\n') + 1);
        assertEquals("""
                {"type":"instructionRetired","seq":0,"cycle":7,"eip":3221229568,"cpl":3,"bytes":"cd80"}
                {"type":"registerWrite","seq":1,"cycle":7,"register":"EAX","value":4294967295}
                {"type":"ringTransition","seq":2,"cycle":9,"fromRing":3,"toRing":1,"from":"GUEST_USER",\
                "to":"GUEST_KERNEL","cause":"SYSTEM_CALL","vector":128,"label":"int 0x80"}
                {"type":"exceptionRaised","seq":3,"cycle":9,"vector":13,"mnemonic":"#GP","errorCode":-1,\
                "eip":4096,"reason":null}
                {"type":"runEnded","seq":4,"cycle":12,"reason":"EXIT","exitValue":-2,"instructions":3,\
                "message":"bye"}
                """, body);
    }

    @Example
    void aWriterAndAnOutputStreamGiveTheSameText() throws IOException {
        List<Event> events = List.of(new Event.ConsoleOutput(0, 1, 0xE9, "héllo → ✓\n"));
        StringWriter text = new StringWriter();
        try (TraceWriter writer = new TraceWriter(text, HEADER)) {
            writer.write(events.get(0));
        }
        assertEquals(new String(write(HEADER, events), UTF_8), text.toString());
    }

    @Example
    void writesAndLoadsFiles() throws IOException {
        Path file = Files.createTempFile("run", ".jsonl");
        try {
            writeAndLoad(file);
        } finally {
            Files.delete(file);
        }
    }

    private void writeAndLoad(Path file) throws IOException {
        List<Event> events = List.of(new Event.VmEntry(0, 1, true, 0x7C00), new Event.GuestHalted(1, 2, 0x7C01, false));
        TraceWriter.write(file, HEADER, events);
        LoadedTrace loaded = TraceReader.load(file);
        assertTrue(loaded.clean());
        assertEquals(events, List.of(loaded.trace().get(0), loaded.trace().get(1)));
        Files.writeString(file, "{\"type\":\"vmEntry\"}\n");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.load(file));
        assertEquals(file.getFileName() + ":1: not a RingScope trace: the first line must be the header, "
                + "{\"type\":\"header\",…}", e.getMessage());
    }

    @Example
    void theWriterKeepsSeqContinuousAndRefusesWhatCannotBeRead() throws IOException {
        try (TraceWriter writer = new TraceWriter(new ByteArrayOutputStream(), HEADER)) {
            writer.write(new Event.VmEntry(0, 1, true, 0));
            assertThrows(IllegalArgumentException.class, () -> writer.write(new Event.VmEntry(5, 1, true, 0)));
            assertThrows(IllegalArgumentException.class,
                    () -> writer.write(new Event.InstructionRetired(1, 1, 0, 0, new byte[16])));
            writer.write(new Event.VmEntry(1, 2, false, 0));
            assertEquals(2, writer.count());
        }
    }

    static byte[] write(TraceHeader header, Iterable<Event> events) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TraceWriter writer = new TraceWriter(out, header)) {
            for (Event e : events) {
                writer.write(e);
            }
        }
        return out.toByteArray();
    }
}
