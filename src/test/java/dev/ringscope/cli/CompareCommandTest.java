package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CompareCommandTest {

    private static Cli run(String... args) {
        return Cli.run(args);
    }

    @Test
    void jsonHasOneRunPerTechniqueWithOverheadAndCounters() throws Exception {
        Cli r = run("compare", "samples/user/syscall.asm", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("syscall.asm", j.get("program").asText());
        assertEquals("2006", j.get("cost").asText());
        JsonNode runs = j.get("runs");
        assertEquals(5, runs.size());
        assertEquals("native", runs.get(0).get("technique").asText());
        assertEquals(1.0, runs.get(0).get("overhead").asDouble());
        for (JsonNode run : runs) {
            assertTrue(run.get("outputEqualsNative").asBoolean(), run.toString());
            assertTrue(run.get("cycles").asLong() > 0);
            for (String c : new String[] {"traps", "vmExits", "vmExitsByReason", "hypercalls", "translatedBlocks",
                    "cacheInvalidations", "holes", "cyclesByCategory"}) {
                assertTrue(run.get("counters").has(c), c);
            }
        }
        JsonNode hw = runs.get(4);
        assertEquals("hardware-assisted", hw.get("technique").asText());
        assertTrue(hw.get("counters").get("vmExitsByReason").has("30 I/O instruction"));
        assertTrue(runs.get(3).get("counters").get("hypercallsByNumber").has("23 iret"));
        long native_ = runs.get(0).get("cycles").asLong();
        assertEquals(Math.round(hw.get("cycles").asLong() * 1000.0 / native_) / 1000.0, hw.get("overhead").asDouble());
    }

    @Test
    void theTableSaysWhichTechniqueDivergedFromNative() {
        Cli r = run("compare", "samples/user/sleep.asm", "--techniques", "trap-emulate,bt");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("trap-emulate"), r.out());
        assertTrue(r.out().contains("DIFFERS (halted)"), r.out());
        assertTrue(r.out().contains("binary-translation"), r.out());
        assertTrue(!r.out().lines().anyMatch(l -> l.startsWith("native ")), "native is the baseline, not shown unless asked");
    }

    @Test
    void badOptionsAreNamed() {
        Cli t = run("compare", "samples/user/hello.asm", "--techniques", "native,magic");
        assertEquals(ExitCodes.BAD_INPUT, t.code());
        assertTrue(t.err().contains("unknown technique 'magic'"), t.err());
        Cli c = run("compare", "samples/user/hello.asm", "--cost", "1999");
        assertEquals(ExitCodes.BAD_INPUT, c.code());
        assertTrue(c.err().contains("2006 or modern"), c.err());
        Cli trace = run("compare", "src/test/resources/traces/missing.jsonl");
        assertEquals(ExitCodes.BAD_INPUT, trace.code());
        assertTrue(trace.err().contains("is a recorded trace"), trace.err());
    }

    @Test
    void runTakesATechniqueAndReportsItsCounters() throws Exception {
        Cli r = run("run", "samples/user/preempt.asm", "--technique", "paravirtual", "--cost", "modern", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("paravirtual", j.get("technique").asText());
        assertEquals("modern", j.get("cost").asText());
        assertTrue(j.get("counters").get("hypercalls").asLong() > 10);
        assertTrue(j.get("console").asText().contains("preempted"), j.get("console").asText());
    }

    @Test
    void vmcsControlsAreCheckedAndOnlyForHardwareAssist() {
        Cli wrong = run("run", "samples/user/hello.asm", "--technique", "hardware-assisted", "--vmcs", "hlt-exiting=perhaps");
        assertEquals(ExitCodes.BAD_INPUT, wrong.code());
        assertTrue(wrong.err().contains("hlt-exiting=perhaps"), wrong.err());
        Cli misplaced = run("run", "samples/user/hello.asm", "--vmcs", "hlt-exiting=off");
        assertEquals(ExitCodes.BAD_INPUT, misplaced.code());
        assertTrue(misplaced.err().contains("only applies to --technique hardware-assisted"), misplaced.err());
        Cli ok = run("run", "samples/user/sleep.asm", "--technique", "hw", "--vmcs", "hlt-exiting=off", "--json");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(!ok.out().contains("12 HLT"), ok.out());
    }
}
