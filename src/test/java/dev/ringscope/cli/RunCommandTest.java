package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.LoadedTrace;
import dev.ringscope.trace.TraceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    private static Cli run(String... args) {
        return Cli.run(args);
    }

    @Test
    void streamsTheConsoleAndSummarises() {
        Cli r = run("run", "samples/user/hello.asm");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("hello from ring 3\n"), r.out());
        assertTrue(r.err().contains("exit after"), r.err());
    }

    @Test
    void jsonSummaryHasTheOutcomeRegistersAndCounters() throws Exception {
        Cli r = run("run", "samples/user/cli.asm", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("exit", j.get("stop").asText());
        assertEquals(255, j.get("exitValue").asInt());
        assertTrue(j.get("console").asText().contains("killed"));
        assertTrue(j.get("instructions").asLong() > 1000);
        assertTrue(j.get("cycles").asLong() >= j.get("instructions").asLong());
        for (String reg : new String[] {"eax", "esp", "eip", "eflags", "cs", "cpl", "cr0", "cr3"}) {
            assertTrue(j.get("cpu").has(reg), reg);
        }
        assertEquals(1, j.get("counters").get("exceptionsByVector").get("#GP").asInt());
        assertTrue(j.get("counters").get("systemCall").asInt() >= 1);
    }

    @Test
    void interpretGivesTheSameOutcome() throws Exception {
        Cli compiled = run("run", "samples/user/syscall_loop.asm", "--json");
        Cli interpreted = run("run", "samples/user/syscall_loop.asm", "--json", "--interpret");
        assertEquals(0, interpreted.code(), interpreted.err());
        assertEquals(new ObjectMapper().readTree(compiled.out()), new ObjectMapper().readTree(interpreted.out()));
    }

    @Test
    void traceFileLoadsBackCleanly(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.jsonl");
        Cli r = run("run", "samples/user/syscall.asm", "--trace", trace.toString());
        assertEquals(0, r.code(), r.err());
        LoadedTrace loaded = TraceReader.load(trace);
        assertTrue(loaded.clean(), loaded.problems().toString());
        assertEquals("native", loaded.header().technique());
        Event last = loaded.trace().get(loaded.trace().size() - 1);
        assertTrue(last instanceof Event.RunEnded, last.toString());
    }

    @Test
    void strictIsaAndLimitsAreOptions() throws Exception {
        Cli strict = run("run", "samples/user/popf.asm", "--isa", "strict", "--json");
        assertTrue(new ObjectMapper().readTree(strict.out()).get("console").asText().contains("killed"));
        Cli limited = run("run", "samples/user/hello.asm", "--max-instructions", "100", "--json");
        JsonNode j = new ObjectMapper().readTree(limited.out());
        assertEquals("limit", j.get("stop").asText());
        assertEquals(100, j.get("instructions").asInt());
    }

    @Test
    void badInputExitsTwoWithAMessage(@TempDir Path dir) throws Exception {
        assertEquals(2, run("run", "nothing/here.bin").code());
        assertEquals(2, run("run", "samples/user/hello.asm", "--isa", "arm").code());
        assertEquals(2, run("run", "samples/user/hello.asm", "--max-instructions", "0").code());
        Path empty = dir.resolve("empty.bin");
        Files.write(empty, new byte[0]);
        Cli r = run("run", empty.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("empty"), r.err());
        Path bad = dir.resolve("bad.asm");
        Files.writeString(bad, "bits 32\nmov eax,\n");
        Cli b = run("run", bad.toString());
        assertEquals(2, b.code());
        assertTrue(b.err().contains("bad.asm:2:"), b.err());
        assertFalse(b.err().contains("Exception"), b.err());
    }

    @Test
    void benchReportsEveryFigureAsJson() throws Exception {
        Cli r = run("bench", "--instructions", "20000", "--runs", "1", "--warmup", "0", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("tracingOff").get("instructionsPerSecond").get("median").asDouble() > 0);
        assertTrue(j.get("tracingOffInterpretedOnly").get("instructionsPerSecond").get("median").asDouble() > 0);
        assertTrue(j.get("fullTraceInMemory").get("eventsPerSecond").get("median").asDouble() > 0);
        assertTrue(j.get("fullTraceInMemory").get("eventsPerInstruction").asDouble() >= 1);
        assertTrue(j.get("jsonLines").get("bytesPerEvent").asDouble() > 10);
        assertEquals("c/workload.elf", j.get("compiledC").get("workload").asText());
        assertTrue(j.get("compiledC").get("instructionsPerSecond").get("median").asDouble() > 0, "gcc's code ran");
    }
}
