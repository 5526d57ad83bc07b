package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.trace.Event;
import dev.ringscope.trace.Party;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HardwareAssistedTest {

    @Test
    void theUnmodifiedGuestRunsInRingZeroAndTheVmmAtRingMinusOne() throws Exception {
        Runs r = Runs.traced("samples/user/hello.asm", Technique.HARDWARE_ASSISTED);
        assertTrue(r.events(Event.InstructionRetired.class).stream().anyMatch(e -> e.cpl() == 0));
        List<Event.RingTransition> t = r.events(Event.RingTransition.class);
        assertTrue(t.stream().anyMatch(x -> x.toRing() == -1 && x.to() == Party.VMM && x.label().startsWith("VM exit 30")));
        assertTrue(t.stream().anyMatch(x -> x.fromRing() == -1 && x.label().equals("vmlaunch")));
        assertEquals(0, r.vmm().stats().holes());
        assertEquals(0, r.vmm().stats().traps(), "nothing traps by privilege under VT-x");
    }

    @Test
    void anIoExitCarriesTheSdmQualification() throws Exception {
        Runs r = Runs.traced("samples/user/hello.asm", Technique.HARDWARE_ASSISTED);
        // out 0xE9, al: size 1 (bits 2:0 = 0), out (bit 3 = 0), immediate port (bit 6), port in bits 31:16
        long expected = 0xE9L << 16 | 1 << 6;
        assertTrue(r.events(Event.VmExit.class).stream().anyMatch(e -> e.reason() == 30 && e.qualification() == expected));
    }

    @Test
    void cr3LoadsExitUnderShadowPagingButNotWithEpt() throws Exception {
        Runs shadow = Runs.traced("samples/user/preempt.asm", Technique.HARDWARE_ASSISTED);
        // mov cr3, eax: CR 3, access type 0 (mov to CR), register 0 (EAX)
        assertTrue(shadow.events(Event.VmExit.class).stream().anyMatch(e -> e.reason() == 28 && e.qualification() == 3));
        assertTrue(shadow.vmm().stats().hiddenPageFaults() > 0);
        VmcsControls ept = VmcsControls.forPreset(CostModel.P4_2006).with("ept=on,cr3-load-exiting=off,cr3-store-exiting=off,"
                + "exception-bitmap=0,invlpg-exiting=off");
        Runs nested = Runs.traced("samples/user/preempt.asm", Technique.HARDWARE_ASSISTED, false, ept);
        assertTrue(nested.events(Event.VmExit.class).stream().noneMatch(e -> e.reason() == 28 || e.reason() == 0));
        assertEquals(0, nested.vmm().stats().hiddenPageFaults());
        assertEquals(shadow.machine.console(), nested.machine.console());
    }

    @Test
    void hltExitingIsAControl() throws Exception {
        Runs on = Runs.traced("samples/user/sleep.asm", Technique.HARDWARE_ASSISTED);
        assertTrue(on.vmm().stats().exitsByReason().containsKey("12 HLT"));
        VmcsControls off = VmcsControls.forPreset(CostModel.P4_2006).with("hlt-exiting=off");
        Runs r = Runs.traced("samples/user/sleep.asm", Technique.HARDWARE_ASSISTED, false, off);
        assertFalse(r.vmm().stats().exitsByReason().containsKey("12 HLT"));
        assertEquals(on.machine.console(), r.machine.console());
    }

    @Test
    void ioBitmapsExitOnlyForTheirPorts() throws Exception {
        VmcsControls bitmap = VmcsControls.forPreset(CostModel.P4_2006).with("io-bitmap=0x20-0x21");
        assertEquals(Set.of(0x20, 0x21), bitmap.ioBitmap());
        Runs r = Runs.traced("samples/user/hello.asm", Technique.HARDWARE_ASSISTED, false, bitmap);
        List<Event.VmExit> io = r.events(Event.VmExit.class).stream().filter(e -> e.reason() == 30).toList();
        assertFalse(io.isEmpty());
        assertTrue(io.stream().allMatch(e -> (e.qualification() >>> 16) == 0x20 || (e.qualification() >>> 16) == 0x21));
    }

    @Test
    void externalInterruptsExitAndAreInjected() throws Exception {
        Runs r = Runs.traced("samples/user/preempt.asm", Technique.HARDWARE_ASSISTED);
        assertTrue(r.vmm().stats().exitsByReason().containsKey("1 external interrupt"));
        assertTrue(r.events(Event.RingTransition.class).stream().anyMatch(t -> t.label().startsWith("vmresume, inject IRQ 0")));
    }

    @Test
    void badControlsAreRefusedWithTheirName() {
        VmcsControls c = VmcsControls.forPreset(CostModel.P4_2006);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.with("hlt-exit=off"));
        assertTrue(e.getMessage().contains("hlt-exit") && e.getMessage().contains("hlt-exiting"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.with("ept=maybe")).getMessage().contains("on or off"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.with("ept")).getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.with("io-bitmap=0x30-0x20")).getMessage()
                .contains("ends before it starts"));
        assertEquals(1 << 14 | 1 << 6, c.with("exception-bitmap=0x4040").exceptionBitmap());
        assertEquals(1 << 7, c.with("hlt-exiting=on").primary() & 1 << 7);
        assertEquals(0, c.with("hlt-exiting=off").primary() & 1 << 7);
    }
}
