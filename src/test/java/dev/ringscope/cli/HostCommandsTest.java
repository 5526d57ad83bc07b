package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** run --host and compare --hosts: where VM exits go, from the command line; refused combinations exit 2 naming why. */
class HostCommandsTest {

    @Test
    void runOnKvmPrintsWhatNativePrintsAndSaysTheHost() {
        Cli nat = Cli.run("run", "samples/user/hello.asm");
        Cli kvm = Cli.run("run", "samples/user/hello.asm", "--technique", "hardware-assisted", "--host", "kvm");
        assertEquals(0, kvm.code(), kvm.err());
        assertEquals(nat.out(), kvm.out());
        assertTrue(kvm.err().contains("(hardware-assisted on kvm, 2006 costs)"), kvm.err());
    }

    @Test
    void aCombinationNoRealSystemRanIsRefusedWithTheReason() {
        Cli r = Cli.run("run", "samples/user/hello.asm", "--technique", "paravirtual", "--host", "type2");
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.err().contains("paravirtual under type2: ") && r.err().contains("Xen is a type 1 hypervisor"), r.err());
        Cli bt = Cli.run("compare", "samples/user/hello.asm", "--techniques", "binary-translation", "--hosts", "kvm");
        assertEquals(ExitCodes.BAD_INPUT, bt.code());
        assertTrue(bt.err().contains("binary-translation under kvm: "), bt.err());
        Cli unknown = Cli.run("run", "samples/user/hello.asm", "--technique", "hw", "--host", "type3");
        assertEquals(ExitCodes.BAD_INPUT, unknown.code());
        assertTrue(unknown.err().contains("unknown host 'type3': use one of type1, type2, kvm"), unknown.err());
    }

    @Test
    void compareAcrossHostsShowsTheSameOutputAtDifferentCosts() throws Exception {
        Cli r = Cli.run("compare", "samples/user/io.asm", "--hosts", "type1,type2,kvm", "--json", "--cost", "modern");
        assertEquals(0, r.code(), r.err());
        JsonNode runs = new ObjectMapper().readTree(r.out()).get("runs");
        List<String> hosts = new ArrayList<>();
        List<Long> cycles = new ArrayList<>();
        for (JsonNode run : runs) {
            assertEquals("hardware-assisted", run.get("technique").asText());
            assertTrue(run.get("outputEqualsNative").asBoolean(), run.toString());
            hosts.add(run.get("host").asText());
            cycles.add(run.get("cycles").asLong());
        }
        assertEquals(List.of("type1", "type2", "kvm"), hosts);
        assertTrue(cycles.get(0) < cycles.get(2) && cycles.get(2) < cycles.get(1), "type1 < kvm < type2: " + cycles);
        Cli text = Cli.run("compare", "samples/user/io.asm", "--hosts", "type1,kvm");
        assertTrue(text.out().contains("hardware-assisted on kvm") && text.out().contains("technique on host"), text.out());
    }
}
