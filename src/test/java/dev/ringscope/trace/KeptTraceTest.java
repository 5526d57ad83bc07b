package dev.ringscope.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compatibility promise: traces written by RingScope in December 2026 (JSON Lines schema 2,
 * .rstrace format 1), kept under src/test/resources/traces, open in every later version. Never
 * regenerate these files: when a format changes, keep them, add the new version's beside them, and
 * keep this test reading the old ones. They are {@code ringscope run samples/guests/hostile.asm
 * --technique T --max-instructions 5000 --trace hostile-T.(jsonl|rstrace)}.
 */
class KeptTraceTest {

    private static final Map<String, String> KINDS = Map.of(
            "trap-emulate", "{INSTRUCTION_RETIRED=1596, REGISTER_WRITE=1303, MEMORY_ACCESS=2048, RING_TRANSITION=536, "
                    + "EXCEPTION_RAISED=267, IO_ACCESS=263, EMULATED_INSTRUCTION=267, VIRTUALIZATION_HOLE=2, "
                    + "CONSOLE_OUTPUT=260, RUN_ENDED=1}",
            "binary-translation", "{INSTRUCTION_RETIRED=1588, REGISTER_WRITE=1292, MEMORY_ACCESS=400, RING_TRANSITION=2, "
                    + "IO_ACCESS=263, EMULATED_INSTRUCTION=270, BLOCK_TRANSLATED=39, CONSOLE_OUTPUT=260, RUN_ENDED=1}",
            "hardware-assisted", "{INSTRUCTION_RETIRED=1588, REGISTER_WRITE=1290, MEMORY_ACCESS=398, RING_TRANSITION=526, "
                    + "IO_ACCESS=263, VM_EXIT=263, VM_ENTRY=263, EMULATED_INSTRUCTION=263, CONSOLE_OUTPUT=260, "
                    + "RUN_ENDED=1}");

    @Test
    void everyKeptTraceStillOpensWithAllItsEvents() throws Exception {
        for (Map.Entry<String, String> kept : KINDS.entrySet()) {
            LoadedTrace loaded = Traces.load(kept("hostile-" + kept.getKey() + ".rstrace"));
            assertTrue(loaded.clean(), loaded.problems().toString());
            TraceHeader h = loaded.header();
            assertEquals(2, h.schemaVersion());
            assertEquals("hostile.asm", h.program());
            assertEquals(kept.getKey(), h.technique());
            assertEquals(kept.getKey().equals("hardware-assisted") ? RingOccupancy.VMX : RingOccupancy.RING_COMPRESSED,
                    h.rings());
            assertEquals(Map.of("maxInstructions", "5000"), h.options());
            assertEquals(kept.getValue(), loaded.trace().counts().toString(), kept.getKey());
            Event last = loaded.trace().get(loaded.trace().size() - 1);
            assertEquals(new Event.RunEnded(loaded.trace().size() - 1, last.cycle(), StopReason.EXIT, 0,
                    loaded.trace().counts().of(EventKind.INSTRUCTION_RETIRED),
                    "the guest wrote 0 to the debug-exit port 0xF4"), last);
        }
    }

    @Test
    void theKeptJsonLinesAndCompactFormsHoldTheSameEvents() throws Exception {
        LoadedTrace json = Traces.load(kept("hostile-trap-emulate.jsonl"));
        LoadedTrace compact = Traces.load(kept("hostile-trap-emulate.rstrace"));
        assertTrue(json.clean(), json.problems().toString());
        assertEquals(json.header(), compact.header());
        List<Event> events = new ArrayList<>();
        json.trace().forEach(events::add);
        CompactTraceTest.assertSameEvents(events, compact.trace());
        List<Event> holes = events.stream().filter(e -> e instanceof Event.VirtualizationHole).toList();
        assertEquals(2, holes.size());
    }

    @Test
    void theKeptCompactFilesSeek() throws Exception {
        for (String technique : KINDS.keySet()) {
            try (CompactIndex index = CompactIndex.open(kept("hostile-" + technique + ".rstrace"))) {
                long instructions = Traces.load(kept("hostile-" + technique + ".rstrace")).trace().counts()
                        .of(EventKind.INSTRUCTION_RETIRED);
                assertEquals(instructions, index.instructions());
                List<Event> chunk = new ArrayList<>();
                index.read(index.chunkOfInstruction(instructions - 1), chunk::add);
                assertTrue(chunk.get(chunk.size() - 1) instanceof Event.RunEnded);
            }
        }
    }

    /**
     * Today's writer writes the kept bytes exactly. When it changes on purpose this fails: that is a
     * new format version (keep these files, add the new ones, update this test to the new ones).
     */
    @Test
    void todaysWriterWritesTheKeptBytes() throws Exception {
        Path jsonl = kept("hostile-trap-emulate.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Traces.convert(jsonl, Path.of("x.rstrace"), out);
        assertArrayEquals(Files.readAllBytes(kept("hostile-trap-emulate.rstrace")), out.toByteArray());
    }

    private static Path kept(String name) throws Exception {
        return Path.of(KeptTraceTest.class.getResource("/traces/" + name).toURI());
    }
}
