package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.Assembler;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.testing.Qemu;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.StopReason;
import dev.ringscope.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** samples/guests/hostile.asm tries to take the machine from its VMM; every technique keeps it, visibly. */
class HostileGuestTest {

    private static final Path HOSTILE = Path.of("samples/guests/hostile.asm");

    private static byte[] image() throws Exception {
        return new Assembler().assembleFile(HOSTILE).bytes();
    }

    private record Outcome(Machine machine, Trace trace) {
        <T extends Event> List<T> events(Class<T> kind) {
            List<T> list = new ArrayList<>();
            for (long i = 0; i < trace.size(); i++) {
                if (kind.isInstance(trace.get(i))) {
                    list.add(kind.cast(trace.get(i)));
                }
            }
            return list;
        }
    }

    private static Outcome run(Technique t) throws Exception {
        Machine m = VirtualMachine.create(t, CostModel.P4_2006, MachineOptions.defaults());
        Trace trace = new Trace();
        m.setEventSink(trace);
        m.boot(image());
        m.run(1_000_000);
        return new Outcome(m, trace);
    }

    @ParameterizedTest
    @EnumSource(Technique.class)
    void theGuestRunsToItsEndAndTheVmmKeepsTheMachine(Technique t) throws Exception {
        Outcome o = run(t);
        Machine m = o.machine();
        assertEquals(StopReason.EXIT, m.result().reason(), m.result().message());
        assertTrue(m.console().contains("my own IDT handled int 0x30"), m.console());
        assertTrue(m.console().contains("hostile: done"), m.console());
        switch (t) {
            case NATIVE -> assertTrue(m.console().contains("after my write it reads 0x00CFFA00"), "natively it owns its GDT");
            case TRAP_EMULATE, PARAVIRTUAL -> {
                // sgdt in ring 1 gave away the VMM's table; that memory is not the guest's to read or write
                assertTrue(m.console().contains("GDT is at 0xFFC01000"), m.console());
                assertTrue(m.console().contains("after my write it reads 0xFFFFFF00"), m.console());
                assertTrue(m.console().contains("CS = 0x00000009"), "ring 0 was ring 1: " + m.console());
                // trap and emulate reports the sgdt and the CS read; a paravirtual hypervisor expects its kernel
                // to know it runs in ring 1, so only the sgdt that revealed its table counts
                List<Event.VirtualizationHole> holes = o.events(Event.VirtualizationHole.class);
                assertEquals(t == Technique.TRAP_EMULATE ? 2 : 1, holes.size(), holes.toString());
            }
            case BINARY_TRANSLATION -> {
                assertTrue(m.console().contains("CS = 0x00000008"), "translated code reads the virtual CS: " + m.console());
                assertTrue(o.events(Event.VirtualizationHole.class).isEmpty());
            }
            case HARDWARE_ASSISTED -> {
                assertTrue(o.events(Event.VirtualizationHole.class).isEmpty());
                assertTrue(o.events(Event.VmExit.class).stream()
                        .anyMatch(e -> e.reason() == 30 && (e.qualification() >>> 16) == 0x21), "the PIC write exits");
            }
        }
        if (t == Technique.TRAP_EMULATE || t == Technique.BINARY_TRANSLATION || t == Technique.PARAVIRTUAL) {
            List<Event.EmulatedInstruction> emulated = o.events(Event.EmulatedInstruction.class);
            assertTrue(emulated.stream().anyMatch(e -> e.instruction().startsWith("lidt") && e.effect().contains("virtual IDTR")),
                    "lidt loads only the virtual IDT");
            assertTrue(emulated.stream().anyMatch(e -> e.instruction().startsWith("out 0x21")), "the PIC is the VMM's model");
            assertTrue(o.events(Event.RingTransition.class).stream().noneMatch(e -> e.toRing() == 0
                    && e.to() != dev.ringscope.trace.Party.VMM), "the guest never reaches ring 0");
        }
    }

    @Test
    void itBootsInQemuLikeNatively(@TempDir Path dir) throws Exception {
        Qemu.require();
        String qemu = Qemu.boot(image(), dir, 20);
        assertEquals(run(Technique.NATIVE).machine().console(), qemu);
    }
}
