package dev.ringscope.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.vmm.VirtualMachine;
import dev.ringscope.testing.GuestImages;
import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.HostType;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run under a hosted or KVM host in both trace forms: the host's parties in the header's
 * layout, the host's hops as crossings, all read back as written; and a header without the
 * {@code hostWorld} field (every trace before hosts) still reads as bare metal's layout.
 */
class HostTraceTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} on {1} as .{2}")
    @CsvSource({"hardware-assisted, kvm, jsonl", "hardware-assisted, kvm, rstrace", "hardware-assisted, type2, jsonl",
            "hardware-assisted, type2, rstrace", "binary-translation, type2, rstrace"})
    void aHostedRunReadsBackWithItsHostsParties(String technique, String host, String form) throws Exception {
        RunSetup setup = RunSetup.of(Technique.parse(technique), false, CostModel.MODERN).withHost(HostType.parse(host));
        RingOccupancy rings = setup.host().rings(setup.technique());
        Path file = dir.resolve("run." + form);
        Trace written = new Trace();
        Machine m = VirtualMachine.create(setup.technique(), setup.host(), setup.cost(), MachineOptions.defaults(),
                setup.controls());
        TraceHeader header = TraceHeader.of("hello.asm", technique, "x86", "modern", rings, Map.of("host", host));
        try (OutputStream out = Files.newOutputStream(file); TraceOutput w = TraceCodec.forFile(file).writer(out, header)) {
            m.setEventSink(e -> {
                written.append(e);
                w.accept(e);
            });
            m.boot(GuestImages.of(Path.of("samples/user/hello.asm"), setup.technique()));
            m.run(2_000_000);
            m.finishTrace();
        }
        LoadedTrace back = Traces.load(file);
        assertTrue(back.clean(), back.problems().toString());
        assertEquals(rings, back.header().rings());
        assertEquals(rings.name(), back.header().rings().name());
        assertTrue(back.header().rings().hostWorld().contains(Party.VMM_PROCESS));
        assertEquals(written.size(), back.trace().size());
        boolean sawHostSyscall = false;
        for (long i = 0; i < written.size(); i++) {
            assertTrue(Events.equal(written.get(i), back.trace().get(i)), "event " + i);
            sawHostSyscall |= back.trace().get(i) instanceof Event.RingTransition t && t.cause() == Cause.HOST_SYSCALL;
        }
        assertTrue(sawHostSyscall, "the VMM process's system calls are on the stream");
    }

    @ParameterizedTest(name = "hostWorld {0}")
    @CsvSource(delimiter = ';', value = {"\"hostWorld\":[\"GUEST_USER\"]; not a party of the host",
            "\"hostWorld\":\"VMM_PROCESS\"; must be an array", "\"hostWorld\":[\"DOM0\"]; is not a party"})
    void aBadHostWorldIsRefusedWithWhatIsWrong(String field, String message) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"type\":\"header\",\"schemaVersion\":2,\"program\":\"p\",\"technique\":\"hardware-assisted\","
                + "\"isa\":\"x86\",\"costPreset\":\"modern\",\"rings\":{\"-1\":\"VMM\",\"0\":\"GUEST_KERNEL\"," + "\"3\":\"GUEST_USER\"},"
                + field + ",\"options\":{},\"createdBy\":\"t\"}\n", StandardCharsets.UTF_8);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(TraceFormatException.class, () -> Traces.load(file));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"hostile-hardware-assisted.rstrace"})
    void aTraceFromBeforeHostsReadsAsBareMetal(String kept) throws Exception {
        Path file = Path.of("src/test/resources/traces", kept);
        LoadedTrace old = Traces.load(file);
        assertEquals(RingOccupancy.VMX, old.header().rings());
        assertFalse(old.header().rings().hosted());
        assertEquals(Set.of(), old.header().rings().hostWorld());
    }
}
