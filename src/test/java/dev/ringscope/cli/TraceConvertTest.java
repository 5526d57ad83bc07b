package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.trace.LoadedTrace;
import dev.ringscope.trace.Traces;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** run --trace writes either form by its extension; trace convert goes both ways, losing nothing. */
class TraceConvertTest {

    private static final String[] SAMPLES = {"samples/user/syscall.asm", "samples/user/preempt.asm",
            "samples/user/popf.asm"};

    @ParameterizedTest
    @ValueSource(strings = {"native", "trap-emulate", "binary-translation", "paravirtual", "hardware-assisted"})
    void realRunsRoundTripJsonLinesToCompactAndBackByteForByte(String technique, @TempDir Path dir) throws Exception {
        for (String sample : SAMPLES) {
            Path jsonl = dir.resolve("a.jsonl");
            Path recorded = dir.resolve("a.rstrace");
            Path converted = dir.resolve("b.rstrace");
            Path back = dir.resolve("c.jsonl");
            ok(Cli.run("run", sample, "--technique", technique, "--max-instructions", "60000", "--trace",
                    jsonl.toString()));
            ok(Cli.run("run", sample, "--technique", technique, "--max-instructions", "60000", "--trace",
                    recorded.toString()));
            ok(Cli.run("trace", "convert", jsonl.toString(), converted.toString()));
            ok(Cli.run("trace", "convert", converted.toString(), back.toString()));
            byte[] original = Files.readAllBytes(jsonl);
            assertTrue(Files.size(jsonl) > 10_000, sample);
            assertArrayEquals(original, Files.readAllBytes(back), sample + " under " + technique);
            assertArrayEquals(Files.readAllBytes(recorded), Files.readAllBytes(converted),
                    "run --trace x.rstrace writes what converting its JSON Lines gives: " + sample);
            assertTrue(Files.size(recorded) * 10 < Files.size(jsonl), sample + ": " + Files.size(recorded) + " bytes");
            LoadedTrace loaded = Traces.load(recorded);
            assertTrue(loaded.clean(), loaded.problems().toString());
            assertEquals(technique, loaded.header().technique());
        }
    }

    @Test
    void convertSaysWhatItWroteAndRefusesWhatItCannotDo(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("t.jsonl");
        ok(Cli.run("run", "samples/user/hello.asm", "--trace", jsonl.toString()));
        Cli r = Cli.run("trace", "convert", jsonl.toString(), dir.resolve("t.rstrace").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("t\\.jsonl: [\\d,]+ events written to .*t\\.rstrace \\(compact binary, [\\d,]+ bytes\\)\n"),
                r.out());

        Cli wrongName = Cli.run("trace", "convert", jsonl.toString(), dir.resolve("t.txt").toString());
        assertEquals(2, wrongName.code());
        assertEquals("ringscope trace convert: t.txt: a trace file is named .jsonl (JSON Lines) or .rstrace (compact)\n",
                wrongName.err());
        assertFalse(Files.exists(dir.resolve("t.txt")));

        Cli missing = Cli.run("trace", "convert", dir.resolve("none.jsonl").toString(), dir.resolve("x.rstrace").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());

        Files.writeString(dir.resolve("bad.rstrace"), "{\"type\":\"header\"}\n");
        Cli bad = Cli.run("trace", "convert", dir.resolve("bad.rstrace").toString(), dir.resolve("y.jsonl").toString());
        assertEquals(2, bad.code());
        assertEquals("ringscope trace convert: bad.rstrace, byte 0: not a RingScope trace: it does not start with the "
                + ".rstrace magic bytes (it looks like JSON Lines: name it .jsonl)\n", bad.err());
        assertFalse(Files.exists(dir.resolve("y.jsonl")), "nothing is left behind");

        Path other = dir.resolve("t.trace"); // run --trace writes JSON Lines unless the name says .rstrace
        ok(Cli.run("run", "samples/user/hello.asm", "--trace", other.toString()));
        assertArrayEquals(Files.readAllBytes(jsonl), Files.readAllBytes(other));
    }

    @Test
    void benchTracesReportsBothFormsAsJson() throws Exception {
        Cli r = Cli.run("bench", "--traces", "--instructions", "20000", "--runs", "1", "--warmup", "0", "--json");
        assertEquals(0, r.code(), r.err());
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals(2000, j.get("instructionsPerRun").asLong());
        for (String form : new String[] {"jsonl", "rstrace"}) {
            for (String figure : new String[] {"writeWhileRunningEventsPerSecond", "writeEventsPerSecond",
                    "loadEventsPerSecond"}) {
                assertTrue(j.get(form).get(figure).get("median").asDouble() > 0, form + " " + figure);
            }
        }
        assertTrue(j.get("jsonl").get("bytesPerEvent").asDouble() > 50, r.out());
        assertTrue(j.get("rstrace").get("bytesPerEvent").asDouble() < 5, r.out());
    }

    @Test
    void benchSeekReportsTheLatenciesOfThePlaybackAndTheWindowAsJson() throws Exception {
        Cli r = Cli.run("bench", "--seek", "--instructions", "20000", "--seeks", "50", "--window-seeks", "5", "--json");
        assertEquals(0, r.code(), r.err());
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals(20000, j.get("instructions").asLong());
        assertTrue(j.get("events").asLong() > 20000, r.out());
        for (String move : new String[] {"seekMillis", "stepBackMillis", "endMillis"}) {
            assertTrue(j.get(move).get("worst").asDouble() >= j.get(move).get("median").asDouble(), move);
        }
        assertEquals(50, j.get("seekMillis").get("count").asInt());
        assertEquals(5, j.get("window").get("seek").get("count").asInt());
        assertTrue(j.get("heapBytes").asLong() > 0, r.out());
        Cli bad = Cli.run("bench", "--seek", "--seeks", "0");
        assertEquals(ExitCodes.BAD_INPUT, bad.code());
        assertTrue(bad.err().contains("--seeks must be at least 1"), bad.err());
    }

    private static void ok(Cli r) {
        assertEquals(0, r.code(), r.err());
    }
}
