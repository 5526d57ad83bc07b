package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.trace.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParavirtualTest {

    @Test
    void theKernelAsksByHypercallAndNeverTraps() throws Exception {
        Runs r = Runs.traced("samples/user/preempt.asm", Technique.PARAVIRTUAL);
        VmmStats s = r.vmm().stats();
        Map<String, Long> calls = s.hypercallsByNumber();
        assertEquals(1L, calls.get("0 set_trap_table"));
        assertEquals(1L, calls.get("2 set_gdt"));
        assertTrue(calls.get("23 iret") > 2);
        assertTrue(calls.get("26 mmuext_op") > 2, "CR3 switches between the two tasks");
        assertTrue(calls.get("3 stack_switch") > 2);
        assertEquals(0, s.traps(), "masking interrupts is a store, not a trap");
        assertTrue(r.events(Event.Hypercall.class).stream().anyMatch(h -> h.name().equals("mmuext_op")));
        assertTrue(r.events(Event.RingTransition.class).stream().anyMatch(t -> t.label().equals("upcall IRQ 0")));
        assertTrue(r.events(Event.RingTransition.class).stream().anyMatch(t -> t.fromRing() == 3 && t.toRing() == 1
                && t.label().equals("int 0x80 (fast trap)")), "system calls take Xen's fast trap into ring 1");
        assertTrue(r.events(Event.InstructionRetired.class).stream().noneMatch(e -> e.cpl() == 0));
    }

    @Test
    void mmuUpdateMapsTheGuestsOwnFramesAndRefusesOthers() throws Exception {
        byte[] image = new dev.ringscope.asm.Assembler().assembleFile(Path.of("src/test/resources/guests/pv_mmu.asm")).bytes();
        Machine m = VirtualMachine.create(Technique.PARAVIRTUAL, CostModel.P4_2006, MachineOptions.defaults());
        dev.ringscope.trace.Trace trace = new dev.ringscope.trace.Trace();
        m.setEventSink(trace);
        m.boot(image);
        m.run(10_000);
        assertEquals("0 -1 \n", m.console(), "allowed, then refused with -EPERM");
        boolean refused = false;
        for (long i = 0; i < trace.size(); i++) {
            if (trace.get(i) instanceof Event.EmulatedInstruction e && e.effect().startsWith("refused")) {
                refused = true;
            }
        }
        assertTrue(refused, "the refusal is an event");
    }

    @Test
    void ringThreeCannotMakeHypercalls(@TempDir Path dir) throws Exception {
        Path program = dir.resolve("evil.asm");
        Files.writeString(program, "user_main:\n        mov eax, 1\n        int 0x82\n        jmp user_main\n");
        byte[] image = MiniOs.build(program, Map.of("PARAVIRT", "1")).bytes();
        Machine m = VirtualMachine.create(Technique.PARAVIRTUAL, CostModel.P4_2006, MachineOptions.defaults());
        m.boot(image);
        m.run(1_000_000);
        assertTrue(m.console().contains("task 1 killed: general protection fault"), m.console());
        assertTrue(m.console().contains("int 0x82"), m.console());
    }
}
