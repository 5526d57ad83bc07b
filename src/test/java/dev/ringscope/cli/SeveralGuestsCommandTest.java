package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringscope.testing.Expectations;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.LoadedTrace;
import dev.ringscope.trace.Traces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code run --vm A --vm B}: several guests under one VMM from the command line. */
class SeveralGuestsCommandTest {

    private static final String VICTIM = "samples/guests/victim.asm";
    private static final String HOSTILE = "samples/guests/hostile_memory.asm";
    private static final String HELLO = "samples/user/hello.asm";

    /** Guest {@code vm}'s lines of standard output, without their prefix. */
    private static String consoleOf(Cli r, int vm) {
        StringBuilder s = new StringBuilder();
        r.out().lines().filter(l -> l.startsWith("[vm" + vm + "] "))
                .forEach(l -> s.append(l.substring(("[vm" + vm + "] ").length())).append('\n'));
        return s.toString();
    }

    @Test
    void eachGuestsLinesComePrefixedWithItsNumberAndEachHasASummaryLine() throws Exception {
        Cli r = Cli.run("run", "--technique", "hardware-assisted", "--vm", VICTIM, "--vm", HELLO, "--slice", "5000");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().allMatch(l -> l.startsWith("[vm1] ") || l.startsWith("[vm2] ")), r.out());
        assertEquals(Expectations.of(Path.of(VICTIM)), consoleOf(r, 1));
        assertEquals(Expectations.of(Path.of(HELLO)), consoleOf(r, 2));
        List<String> err = r.errLines();
        assertTrue(err.get(0).startsWith("vm1 victim.asm: exit after "), err.get(0));
        assertTrue(err.get(0).contains("host frames 0x0-0x1FFF"), err.get(0));
        assertTrue(err.get(1).startsWith("vm2 hello.asm: exit after "), err.get(1));
        assertTrue(err.get(1).contains("host frames 0x2000-0x3FFF"), err.get(1));
        assertTrue(err.get(2).startsWith("VMM: 2 guests under hardware-assisted, 2006 costs; a slice of 5,000"), err.get(2));
    }

    @Test
    void aHostileGuestShutsItselfDownAndTheVictimRunsOnUnharmed() throws Exception {
        Cli r = Cli.run("run", "--technique", "trap-emulate", "--vm", HOSTILE, "--vm", VICTIM);
        assertEquals(1, r.code(), "a guest's triple fault is a guest error: " + r.err());
        assertEquals(Expectations.of(Path.of(HOSTILE)), consoleOf(r, 1));
        assertEquals(Expectations.of(Path.of(VICTIM)), consoleOf(r, 2));
        assertTrue(r.err().contains("vm1 hostile_memory.asm: shutdown after"), r.err());
        assertTrue(r.err().contains("vm2 victim.asm: exit after"), r.err());
    }

    @Test
    void jsonHasTheVmmAndEveryGuest() throws Exception {
        Cli r = Cli.run("run", "--technique", "paravirtual", "--vm", HELLO, "--vm", VICTIM, "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("paravirtual", j.get("technique").asText());
        assertEquals(20_000, j.get("slice").asInt());
        JsonNode vms = j.get("vms");
        assertEquals(2, vms.size());
        long cycles = 0;
        long switchesIn = 0;
        for (int i = 0; i < 2; i++) {
            JsonNode vm = vms.get(i);
            assertEquals(i + 1, vm.get("vm").asInt());
            assertEquals("exit", vm.get("stop").asText());
            assertTrue(vm.get("vmmEntries").asLong() > 0, "a paravirtual kernel makes hypercalls");
            cycles += vm.get("cycles").asLong();
            switchesIn += vm.get("switchesIn").asLong();
        }
        assertEquals(Expectations.of(Path.of(VICTIM)), vms.get(1).get("console").asText());
        assertEquals(j.get("switches").asLong(), switchesIn);
        assertTrue(j.get("cycles").asLong() > cycles, "the switches cost the CPU cycles of their own");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run.jsonl", "run.rstrace"})
    void aTraceHoldsEveryGuestsEventsAndTheSwitches(String name, @TempDir Path dir) throws Exception {
        Path file = dir.resolve(name);
        Cli r = Cli.run("run", "--technique", "binary-translation", "--vm", HELLO, "--vm", HELLO, "--slice", "1000",
                "--trace", file.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        long switches = new ObjectMapper().readTree(r.out()).get("switches").asLong();
        LoadedTrace t = Traces.load(file);
        assertTrue(t.clean(), t.problems().toString());
        assertEquals("hello.asm + hello.asm", t.header().program());
        assertEquals("1000", t.header().options().get("slice"));
        List<Event.VmSwitch> seen = new ArrayList<>();
        int runEnded = 0;
        for (Event e : t.trace()) {
            if (e instanceof Event.VmSwitch s) {
                seen.add(s);
            } else if (e instanceof Event.RunEnded) {
                runEnded++;
            }
        }
        assertEquals(switches, seen.size());
        assertTrue(switches > 4, "two guests of 4,500 instructions in slices of 1,000");
        assertEquals(2, runEnded);
    }

    @Test
    void refusesBadCombinationsWithAReason() {
        String[][] cases = {
                {"give the guests either as one PROGRAM or as --vm", "run", HELLO, "--technique", "trap-emulate",
                        "--vm", HELLO, "--vm", HELLO},
                {"give it two or more times", "run", "--technique", "trap-emulate", "--vm", HELLO},
                {"need a VMM", "run", "--vm", HELLO, "--vm", HELLO},
                {"type 1 VMM only", "run", "--technique", "hardware-assisted", "--host", "kvm", "--vm", HELLO, "--vm",
                        HELLO},
                {"--slice is the VMM's time slice between guests: it goes with --vm", "run", HELLO, "--slice", "10"},
                {"--slice must be at least 1", "run", "--technique", "trap-emulate", "--slice", "0", "--vm", HELLO,
                        "--vm", HELLO},
                {"nothing to run", "run"},
                {"at most 4 guests (--vm), each with 32 MiB of host memory; 5 were given", "run", "--technique",
                        "trap-emulate", "--vm", HELLO, "--vm", HELLO, "--vm", HELLO, "--vm", HELLO, "--vm", HELLO},
                {"--vm 'no-such-guest.asm' (vm2): cannot read", "run", "--technique", "trap-emulate", "--vm", HELLO,
                        "--vm", "no-such-guest.asm"},
        };
        for (String[] c : cases) {
            Cli r = Cli.run(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
            assertTrue(r.err().contains(c[0]), r.err());
            assertEquals("", r.out());
        }
    }
}
