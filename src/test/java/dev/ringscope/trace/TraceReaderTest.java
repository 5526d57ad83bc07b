package dev.ringscope.trace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A damaged or hostile trace file loads what it can and says, by line, what it could not. */
class TraceReaderTest {

    static final String HEADER = "{\"type\":\"header\",\"schemaVersion\":1,\"program\":\"p\",\"technique\":\"native\","
            + "\"isa\":\"i386\",\"costPreset\":\"flat\",\"options\":{},\"createdBy\":\"RingScope\"}";

    static String entry(long seq) {
        return "{\"type\":\"vmEntry\",\"seq\":" + seq + ",\"cycle\":" + (10 + seq) + ",\"launch\":false,\"guestEip\":4096}";
    }

    @Test
    void anUnknownTypeIsSkippedAndTheRestRenumbered() throws IOException {
        LoadedTrace loaded = load(HEADER, entry(0), "{\"type\":\"foo\",\"seq\":1,\"cycle\":11}", entry(2), entry(3));
        assertProblems(loaded, "trace.jsonl:3: unknown event type 'foo'",
                "trace.jsonl:4: seq 2 loaded as 1 (lines above were dropped)");
        assertEquals(3, loaded.trace().size());
        assertEquals(new Event.VmEntry(1, 12, false, 4096), loaded.trace().get(1));
        assertEquals(new Event.VmEntry(2, 13, false, 4096), loaded.trace().get(2));
        assertEquals(1, loaded.droppedLines());
    }

    @Test
    void eachBadLineIsNamedAndEveryGoodOneKept() throws IOException {
        LoadedTrace loaded = load(HEADER,
                entry(0),
                "{\"type\":\"vmEntry\",\"seq\":1,",
                "{\"type\":\"vmEntry\",\"seq\":2,\"cycle\":1,\"launch\":true}",
                "{\"type\":\"vmEntry\",\"seq\":3,\"cycle\":1,\"launch\":true,\"guestEip\":\"0x7c00\"}",
                "{\"type\":\"vmEntry\",\"seq\":4,\"cycle\":1,\"launch\":1,\"guestEip\":0}",
                "{\"type\":\"registerWrite\",\"seq\":5,\"cycle\":1,\"register\":\"EAXX\",\"value\":0}",
                "{\"type\":\"instructionRetired\",\"seq\":6,\"cycle\":1,\"eip\":0,\"cpl\":0,\"bytes\":\"c\"}",
                "{\"type\":\"instructionRetired\",\"seq\":7,\"cycle\":1,\"eip\":0,\"cpl\":0,"
                        + "\"bytes\":\"00112233445566778899aabbccddeeff\"}",
                "{\"seq\":8,\"cycle\":1}",
                "{\"type\":7,\"seq\":9,\"cycle\":1}",
                "{\"type\":\"vmEntry\",\"seq\":10,\"seq\":10,\"cycle\":1,\"launch\":true,\"guestEip\":0}",
                entry(11) + " " + entry(12),
                entry(13) + "x",
                "[1, 2, 3]",
                HEADER,
                entry(15));
        assertProblems(loaded,
                "trace.jsonl:3: malformed JSON: Unexpected end-of-input*",
                "trace.jsonl:4: missing field 'guestEip'",
                "trace.jsonl:5: field 'guestEip' must be an integer, not a string",
                "trace.jsonl:6: field 'launch' must be a boolean, not an integer",
                "trace.jsonl:7: field 'register' has unknown value 'EAXX'",
                "trace.jsonl:8: field 'bytes' is not a string of hex digit pairs: 'c'",
                "trace.jsonl:9: field 'bytes' holds more than 15 bytes",
                "trace.jsonl:10: missing field 'type'",
                "trace.jsonl:11: field 'type' must be a string, not an integer",
                "trace.jsonl:12: field 'seq' appears twice",
                "trace.jsonl:13: more than one JSON value on the line",
                "trace.jsonl:14: malformed JSON: Unrecognized token 'x'*",
                "trace.jsonl:15: not a JSON object",
                "trace.jsonl:16: a second header; only the first line is a header",
                "trace.jsonl:17: seq 15 loaded as 1 (lines above were dropped)");
        assertEquals(2, loaded.trace().size());
        assertEquals(14, loaded.droppedLines());
    }

    @Test
    void numbersOutOfRangeAreProblemsNotExceptions() throws IOException {
        String digits = "9".repeat(5000);
        LoadedTrace loaded = load(HEADER,
                "{\"type\":\"vmEntry\",\"seq\":0,\"cycle\":1,\"launch\":true,\"guestEip\":4294967296}",
                "{\"type\":\"vmEntry\",\"seq\":0,\"cycle\":1,\"launch\":true,\"guestEip\":-2147483649}",
                "{\"type\":\"vmEntry\",\"seq\":0,\"cycle\":123456789012345678901234567890,\"launch\":true,\"guestEip\":0}",
                "{\"type\":\"vmEntry\",\"seq\":0,\"cycle\":1e400,\"launch\":true,\"guestEip\":0}",
                "{\"type\":\"vmEntry\",\"seq\":0,\"cycle\":" + digits + ",\"launch\":true,\"guestEip\":0}",
                "{\"type\":\"memoryAccess\",\"seq\":0,\"cycle\":1,\"linear\":0,\"physical\":0,\"size\":2147483647,"
                        + "\"value\":0,\"write\":false}",
                "{\"type\":\"vmEntry\",\"seq\":0,\"cycle\":1,\"launch\":true,\"guestEip\":4294967295}",
                "{\"type\":\"vmEntry\",\"seq\":1,\"cycle\":1,\"launch\":true,\"guestEip\":-1}");
        assertProblems(loaded,
                "trace.jsonl:2: field 'guestEip' is out of range",
                "trace.jsonl:3: field 'guestEip' is out of range",
                "trace.jsonl:4: field 'cycle' is out of range",
                "trace.jsonl:5: field 'cycle' must be an integer, not a fraction",
                "trace.jsonl:6: malformed JSON: Number value length (5000) exceeds the maximum allowed*",
                "trace.jsonl:7: size 2147483647 is out of range");
        assertEquals(List.of(new Event.VmEntry(0, 1, true, -1), new Event.VmEntry(1, 1, true, -1)),
                events(loaded.trace()));
    }

    @Test
    void aHostileLineIsAProblemAndInstantiatesNothing() throws IOException {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        LoadedTrace loaded = load(HEADER,
                "{\"type\":\"java.lang.ProcessBuilder\",\"command\":[\"sh\",\"-c\",\"touch pwned\"]}",
                "{\"@class\":\"java.lang.ProcessBuilder\",\"type\":\"vmEntry\",\"seq\":0,\"cycle\":1,\"launch\":true,"
                        + "\"guestEip\":{\"@class\":\"java.lang.ProcessBuilder\"}}",
                "[\"java.lang.ProcessBuilder\",{\"command\":\"sh\"}]",
                "{\"type\":\"vmEntry\",\"x\":" + deep + "}",
                deep,
                "{" + "\"a\":1,".repeat(40) + "\"b\":2}",
                entry(0));
        assertProblems(loaded,
                "trace.jsonl:2: unknown event type 'java.lang.ProcessBuilder'",
                "trace.jsonl:3: field 'guestEip' must be an integer, not an object or array",
                "trace.jsonl:4: not a JSON object",
                "trace.jsonl:5: malformed JSON: Document nesting depth (65) exceeds the maximum allowed (64*",
                "trace.jsonl:6: not a JSON object",
                "trace.jsonl:7: field 'a' appears twice");
        assertEquals(List.of(new Event.VmEntry(0, 10, false, 4096)), events(loaded.trace()));
    }

    @Test
    void aLastLineCutShortIsDroppedAndSaidSo() throws IOException {
        String whole = String.join("\n", HEADER, entry(0), entry(1), entry(2)) + "\n";
        String cut = whole + entry(3).substring(0, 20);
        LoadedTrace loaded = TraceReader.load(new ByteArrayInputStream(cut.getBytes(UTF_8)), "trace.jsonl");
        assertProblems(loaded, "trace.jsonl:5: incomplete last line dropped");
        assertEquals(3, loaded.trace().size());
        assertEquals(1, loaded.droppedLines());

        String complete = whole + entry(3); // no final newline, but nothing missing
        loaded = TraceReader.load(new ByteArrayInputStream(complete.getBytes(UTF_8)), "trace.jsonl");
        assertTrue(loaded.clean(), loaded.problems()::toString);
        assertEquals(4, loaded.trace().size());
    }

    @Test
    void aFileWithoutAUsableHeaderIsAnError() {
        assertHeaderError("trace.jsonl: empty; a trace starts with a header line", "");
        assertHeaderError("trace.jsonl: empty; a trace starts with a header line", "\n  \n");
        assertHeaderError("trace.jsonl:1: not a RingScope trace: the first line must be the header, "
                + "{\"type\":\"header\",…}", entry(0) + "\n");
        assertHeaderError("trace.jsonl:1: not a RingScope trace: the first line must be the header, "
                + "{\"type\":\"header\",…}", "[]\n");
        assertHeaderError("trace.jsonl:1: not a RingScope trace: the first line is not a trace header: "
                + "malformed JSON: Unrecognized token 'PK\\u0003\\u0004'*", "PK\u0003\u0004 a zip file\n");
        assertHeaderError("trace.jsonl:1: not a RingScope trace: the first line is not a trace header: it is cut short",
                HEADER.substring(0, 30));
        assertHeaderError("trace.jsonl:1: not a RingScope trace: the header has no schemaVersion",
                "{\"type\":\"header\",\"program\":\"p\"}\n");
        assertHeaderError("trace.jsonl:1: schema version 3 is newer than this RingScope reads (up to 2); "
                + "open it with a newer RingScope", HEADER.replace("\"schemaVersion\":1", "\"schemaVersion\":3") + "\n");
        assertHeaderError("trace.jsonl:1: schema version 0 is not valid",
                HEADER.replace("\"schemaVersion\":1", "\"schemaVersion\":0") + "\n");
        assertHeaderError("trace.jsonl:1: option 'cpuid' must be a string",
                HEADER.replace("\"options\":{}", "\"options\":{\"cpuid\":{\"@class\":\"x\"}}") + "\n");
        assertHeaderError("trace.jsonl:1: header field 'program' must be a string",
                HEADER.replace("\"program\":\"p\"", "\"program\":[1]") + "\n");
    }

    @Test
    void blankLinesCrlfAndAByteOrderMarkAreFine() throws IOException {
        String text = "\uFEFF" + HEADER + "\r\n\r\n" + entry(0) + "\r\n   \n" + entry(1) + "\r\n";
        LoadedTrace loaded = TraceReader.load(new ByteArrayInputStream(text.getBytes(UTF_8)), "trace.jsonl");
        assertTrue(loaded.clean(), loaded.problems()::toString);
        assertEquals(2, loaded.trace().size());
        assertEquals("p", loaded.header().program());
    }

    @Test
    void aFileThatSkipsSeqNumbersIsRenumberedWithOneNote() throws IOException {
        LoadedTrace loaded = load(HEADER, entry(3), entry(4), entry(9), entry(10));
        assertProblems(loaded,
                "trace.jsonl:2: seq 3 loaded as 0 (the file's seq numbers are not continuous)",
                "trace.jsonl:4: seq 9 loaded as 2 (the file's seq numbers are not continuous)");
        assertEquals(List.of(new Event.VmEntry(0, 13, false, 4096), new Event.VmEntry(1, 14, false, 4096),
                new Event.VmEntry(2, 19, false, 4096), new Event.VmEntry(3, 20, false, 4096)), events(loaded.trace()));
        assertEquals(0, loaded.droppedLines());
    }

    @Test
    void problemsAreListedUpToAHundredAndAllCounted() throws IOException {
        List<String> lines = new ArrayList<>(List.of(HEADER, entry(0)));
        for (int i = 0; i < 150; i++) {
            lines.add("{\"type\":\"nope\"}");
        }
        LoadedTrace loaded = load(lines.toArray(String[]::new));
        assertEquals(100, loaded.problems().size());
        assertEquals(150, loaded.problemCount());
        assertEquals(150, loaded.droppedLines());
        assertEquals("trace.jsonl:102: unknown event type 'nope'", loaded.problems().get(99).toString());
        assertEquals(1, loaded.trace().size());
    }

    @Test
    void aMegabyteLineIsJustALine() throws IOException {
        String text = "A".repeat(1 << 20);
        String big = "{\"type\":\"consoleOutput\",\"seq\":1,\"cycle\":2,\"port\":233,\"text\":\"" + text + "\"}";
        LoadedTrace loaded = load(HEADER, entry(0), big, "x".repeat(1 << 20), entry(2));
        assertProblems(loaded, "trace.jsonl:4: malformed JSON: Unrecognized token 'xxxxxxxxxx*");
        assertEquals(new Event.ConsoleOutput(1, 2, 233, text), loaded.trace().get(1));
        assertEquals(3, loaded.trace().size());
    }

    @Test
    void aLineOverTheLimitIsSkippedUnread() throws IOException {
        String text = String.join("\n", HEADER, entry(0), "{\"type\":\"" + "x".repeat(5000) + "\"}", entry(1),
                "y".repeat(5000));
        try (TraceReader reader = TraceReader.open(new ByteArrayInputStream(text.getBytes(UTF_8)), "trace.jsonl",
                1000)) {
            assertEquals("p", reader.header().program());
            assertEquals(new Event.VmEntry(0, 10, false, 4096), reader.next());
            assertEquals(List.of(), reader.problems());
            assertEquals(new Event.VmEntry(1, 11, false, 4096), reader.next());
            assertEquals(List.of("trace.jsonl:3: line longer than 1000 bytes skipped"), strings(reader.problems()));
            assertNull(reader.next());
            assertEquals(List.of("trace.jsonl:3: line longer than 1000 bytes skipped",
                    "trace.jsonl:5: incomplete last line dropped"), strings(reader.problems()));
        }
    }

    static LoadedTrace load(String... lines) throws IOException {
        String text = String.join("\n", lines) + "\n";
        return TraceReader.load(new ByteArrayInputStream(text.getBytes(UTF_8)), "trace.jsonl");
    }

    /** Problems as expected; one ending in {@code *} need only start so (the rest is Jackson's wording). */
    static void assertProblems(LoadedTrace loaded, String... expected) {
        List<String> actual = strings(loaded.problems());
        assertEquals(expected.length, actual.size(), () -> "problems: " + actual);
        for (int i = 0; i < expected.length; i++) {
            if (expected[i].endsWith("*")) {
                String prefix = expected[i].substring(0, expected[i].length() - 1);
                assertTrue(actual.get(i).startsWith(prefix), "expected " + prefix + "…\n but got " + actual.get(i));
            } else {
                assertEquals(expected[i], actual.get(i));
            }
        }
        assertEquals(expected.length, loaded.problemCount());
    }

    static List<String> strings(List<TraceProblem> problems) {
        List<String> out = new ArrayList<>();
        for (TraceProblem p : problems) {
            out.add(p.toString());
        }
        return out;
    }

    static final String HEADER_V2 = "{\"type\":\"header\",\"schemaVersion\":2,\"program\":\"p\","
            + "\"technique\":\"hardware-assisted\",\"isa\":\"x86\",\"costPreset\":\"2006\","
            + "\"rings\":{\"-1\":\"VMM\",\"0\":\"GUEST_KERNEL\",\"3\":\"GUEST_USER\"},\"options\":{},"
            + "\"createdBy\":\"RingScope\"}";

    @Test
    void aVersionTwoHeaderSaysWhoIsInWhichRingAndAVersionOneTraceGetsItFromItsTechnique() throws IOException {
        assertEquals(RingOccupancy.VMX, load(HEADER_V2).header().rings());
        assertEquals(RingOccupancy.NATIVE, load(HEADER).header().rings());
        assertEquals(RingOccupancy.RING_COMPRESSED,
                load(HEADER.replace("\"native\"", "\"binary-translation\"")).header().rings());
        assertEquals(RingOccupancy.VMX, load(HEADER.replace("\"native\"", "\"hardware-assisted\"")).header().rings());
    }

    @Test
    void aRingLayoutThatNoMachineHasIsAHeaderErrorNamingTheField() {
        assertHeaderError("trace.jsonl:1: header field 'rings' is missing; a version-2 trace says who runs in each ring",
                HEADER_V2.replaceAll(",\"rings\":\\{[^}]*\\}", "") + "\n");
        assertHeaderError("trace.jsonl:1: header field 'rings': '7' is not a ring (rings are -1 to 3)",
                HEADER_V2.replace("\"-1\":", "\"7\":") + "\n");
        assertHeaderError("trace.jsonl:1: header field 'rings': '-2147483648' is not a ring (rings are -1 to 3)",
                HEADER_V2.replace("\"-1\":", "\"-2147483648\":") + "\n");
        assertHeaderError("trace.jsonl:1: header field 'rings': ring 0 must name a party*",
                HEADER_V2.replace("\"0\":\"GUEST_KERNEL\"", "\"0\":\"ROOT\"") + "\n");
        assertHeaderError("trace.jsonl:1: header field 'rings' must be an object from ring numbers (-1 to 3) to parties",
                HEADER_V2.replaceAll("\\{\"-1[^}]*\\}", "[]") + "\n");
    }

    @Test
    void valuesNoMachineProducesAreDroppedNamingTheLineAndField() throws IOException {
        String transition = "{\"type\":\"ringTransition\",\"seq\":1,\"cycle\":2,\"fromRing\":%s,\"toRing\":%s,"
                + "\"from\":\"GUEST_USER\",\"to\":\"GUEST_KERNEL\",\"cause\":\"SYSTEM_CALL\",\"vector\":%s,\"label\":\"x\"}";
        LoadedTrace loaded = load(HEADER,
                entry(0),
                String.format(transition, "-2147483648", "0", "128"),
                String.format(transition, "3", "7", "128"),
                String.format(transition, "3", "3", "128"),
                String.format(transition, "3", "0", "-5"),
                "{\"type\":\"instructionRetired\",\"seq\":5,\"cycle\":1,\"eip\":0,\"cpl\":4,\"bytes\":\"90\"}",
                "{\"type\":\"instructionRetired\",\"seq\":6,\"cycle\":1,\"eip\":0,\"cpl\":0,\"bytes\":\"\"}",
                "{\"type\":\"exceptionRaised\",\"seq\":7,\"cycle\":1,\"vector\":300,\"mnemonic\":\"#X\","
                        + "\"errorCode\":0,\"eip\":0,\"reason\":\"r\"}",
                "{\"type\":\"interruptDelivered\",\"seq\":8,\"cycle\":1,\"irq\":16,\"vector\":32,\"eip\":0}",
                "{\"type\":\"ioAccess\",\"seq\":9,\"cycle\":1,\"port\":70000,\"size\":1,\"value\":0,"
                        + "\"write\":true,\"device\":\"d\"}",
                "{\"type\":\"memoryAccess\",\"seq\":10,\"cycle\":1,\"linear\":0,\"physical\":0,\"size\":3,"
                        + "\"value\":0,\"write\":true}",
                "{\"type\":\"vmEntry\",\"seq\":11,\"cycle\":-1,\"launch\":false,\"guestEip\":4096}",
                String.format(transition, "3", "0", "128").replace("\"seq\":1", "\"seq\":12"));
        assertProblems(loaded,
                "trace.jsonl:3: field 'fromRing' is -2147483648; rings are -1 to 3",
                "trace.jsonl:4: field 'toRing' is 7; rings are -1 to 3",
                "trace.jsonl:5: fields 'fromRing' and 'toRing' are both 3; a transition changes ring",
                "trace.jsonl:6: field 'vector' is -5; a vector 0 to 255, an exit reason, or -1",
                "trace.jsonl:7: field 'cpl' is 4; the CPL is 0 to 3",
                "trace.jsonl:8: field 'bytes' is empty; an instruction has 1 to 15 bytes",
                "trace.jsonl:9: field 'vector' is 300; exception vectors are 0 to 31",
                "trace.jsonl:10: field 'irq' is 16; the PICs have IRQs 0 to 15",
                "trace.jsonl:11: field 'port' is 70000; I/O ports are 0 to 0xFFFF",
                "trace.jsonl:12: field 'size' is 3; an access is 1, 2 or 4 bytes",
                "trace.jsonl:13: field 'cycle' is -1; a cycle count is not negative",
                "trace.jsonl:14: seq 12 loaded as 1 (lines above were dropped)");
        assertEquals(2, loaded.trace().size());
    }

    static List<Event> events(Trace trace) {
        List<Event> out = new ArrayList<>();
        trace.forEach(out::add);
        return out;
    }

    static void assertHeaderError(String message, String text) {
        TraceFormatException e = assertThrows(TraceFormatException.class,
                () -> TraceReader.load(new ByteArrayInputStream(text.getBytes(UTF_8)), "trace.jsonl"));
        if (message.endsWith("*")) {
            assertTrue(e.getMessage().startsWith(message.substring(0, message.length() - 1)), e.getMessage());
        } else {
            assertEquals(message, e.getMessage());
        }
    }
}
