package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.trace.Event;
import dev.ringscope.trace.Party;
import dev.ringscope.trace.StopReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrapAndEmulateTest {

    private static final int USER_CODE = 0x0010_8000; // kernel.asm: USER_IMAGE_OFFSET

    @Test
    void theGuestKernelRunsInRingOneAndNeverInRingZero() throws Exception {
        Runs r = Runs.traced("samples/user/hello.asm", Technique.TRAP_EMULATE);
        List<Event.InstructionRetired> retired = r.events(Event.InstructionRetired.class);
        assertTrue(retired.size() > 1000);
        assertTrue(retired.stream().noneMatch(e -> e.cpl() == 0), "nothing of the guest runs in ring 0");
        assertTrue(retired.stream().anyMatch(e -> e.cpl() == 1 && e.eip() < USER_CODE), "the kernel in ring 1");
        assertTrue(retired.stream().anyMatch(e -> e.cpl() == 3 && e.eip() >= USER_CODE), "the user in ring 3");
    }

    @Test
    void privilegedInstructionsTrapToTheVmmWhichEmulatesThem() throws Exception {
        Runs r = Runs.traced("samples/user/hello.asm", Technique.TRAP_EMULATE);
        List<Event.EmulatedInstruction> emulated = r.events(Event.EmulatedInstruction.class);
        assertTrue(emulated.stream().anyMatch(e -> e.instruction().startsWith("lgdt")), "lgdt emulated");
        assertTrue(emulated.stream().anyMatch(e -> e.instruction().startsWith("mov cr3")), "mov cr3 emulated");
        assertTrue(emulated.stream().anyMatch(e -> e.instruction().startsWith("out")), "port writes emulated");
        List<Event.RingTransition> crossings = r.events(Event.RingTransition.class);
        assertTrue(crossings.stream().anyMatch(t -> t.from() == Party.GUEST_KERNEL && t.to() == Party.VMM
                && t.fromRing() == 1 && t.toRing() == 0 && t.label().equals("#GP")), "a #GP into the VMM");
        assertTrue(r.vmm().stats().traps() >= emulated.size() / 2);
        assertEquals(0, r.vmm().stats().holes(), "hello's kernel meets no hole");
    }

    @Test
    void onX86AnIretdInRingOneDropsTheInterruptFlagAndTheGuestHangs() throws Exception {
        Runs x86 = Runs.traced("samples/user/sleep.asm", Technique.TRAP_EMULATE);
        List<Event.VirtualizationHole> holes = x86.events(Event.VirtualizationHole.class);
        assertFalse(holes.isEmpty());
        Event.VirtualizationHole h = holes.get(0);
        assertEquals("iretd", h.instruction());
        assertTrue(h.nativeBehaviour().contains("IF=1"), h.nativeBehaviour());
        assertTrue(h.actualBehaviour().contains("IF stays 0"), h.actualBehaviour());
        assertEquals(StopReason.HALTED, x86.machine.result().reason(), "the idle hlt waits with interrupts off");

        Runs strict = Runs.traced("samples/user/sleep.asm", Technique.TRAP_EMULATE, true, null);
        assertTrue(strict.events(Event.VirtualizationHole.class).isEmpty());
        assertEquals(StopReason.EXIT, strict.machine.result().reason());
        assertTrue(strict.events(Event.EmulatedInstruction.class).stream().anyMatch(e -> e.instruction().equals("iretd")),
                "under --isa strict the iretd traps and is emulated");
    }

    @Test
    void userSgdtShowsTheVmmsTableAndSaysSo() throws Exception {
        Runs r = Runs.traced("samples/user/leak.asm", Technique.TRAP_EMULATE);
        List<Event.VirtualizationHole> holes = r.events(Event.VirtualizationHole.class);
        assertTrue(holes.stream().anyMatch(h -> h.instruction().startsWith("sgdt") && h.actualBehaviour().contains("VMM")));
        assertTrue(r.machine.console().contains(String.format("0x%08x", RingCompressed.VMM_GDT).toLowerCase())
                || r.machine.console().toLowerCase().contains(String.format("0x%08x", RingCompressed.VMM_GDT)), r.machine.console());
    }

    @Test
    void aStackSegmentLoadFromMemoryIsEmulatedWithRplOne() throws Exception {
        byte[] image = new dev.ringscope.asm.Assembler().assembleFile(
                java.nio.file.Path.of("src/test/resources/guests/mov_ss_memory.asm")).bytes();
        dev.ringscope.machine.Machine m = VirtualMachine.create(Technique.TRAP_EMULATE, CostModel.P4_2006,
                dev.ringscope.machine.MachineOptions.defaults());
        dev.ringscope.trace.Trace trace = new dev.ringscope.trace.Trace();
        m.setEventSink(trace);
        m.boot(image);
        m.run(1000);
        assertEquals(StopReason.EXIT, m.result().reason());
        assertEquals("1\n", m.console(), "the guest reads RPL 1 back from SS");
        boolean emulated = false;
        for (long i = 0; i < trace.size(); i++) {
            if (trace.get(i) instanceof Event.EmulatedInstruction e && e.instruction().startsWith("mov ss")) {
                emulated = true;
            }
        }
        assertTrue(emulated, "mov ss, [sel] was emulated");
    }

    @Test
    void iOPrivilegeSetByTheKernelIsLostOnTheWayBackToRingThree() throws Exception {
        Runs r = Runs.traced("samples/user/io.asm", Technique.TRAP_EMULATE);
        assertTrue(r.events(Event.VirtualizationHole.class).stream()
                .anyMatch(h -> h.instruction().equals("iretd") && h.nativeBehaviour().contains("IOPL=3")));
        Runs strict = Runs.traced("samples/user/io.asm", Technique.TRAP_EMULATE, true, null);
        Runs nativeStrict = Runs.traced("samples/user/io.asm", Technique.NATIVE, true, null);
        assertEquals(nativeStrict.machine.console(), strict.machine.console());
    }
}
