package dev.ringscope.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.trace.EventKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The narration of real runs names what happened and where, from the events alone. */
class NarratorTest {

    private static Playback live(String sample) throws Exception {
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(MiniOs.build(Path.of("samples/user/" + sample + ".asm"), Map.of()).bytes());
        return Playback.live(m);
    }

    private static Narration stepTo(Playback p, EventKind kind) {
        p.stepToNext(Set.of(kind), 1_000_000);
        return Narrator.of(p.view());
    }

    private static Playback under(dev.ringscope.vmm.Technique t, String sample) throws Exception {
        return Playback.live(dev.ringscope.vmm.RunSetup.of(t, false, dev.ringscope.vmm.CostModel.P4_2006)
                .boot(MiniOs.build(Path.of("samples/user/" + sample + ".asm"), Map.of()).bytes()));
    }

    @Test
    void aTrappedPrivilegedInstructionIsToldAsEmulatedByTheVmm() throws Exception {
        Narration n = stepTo(under(dev.ringscope.vmm.Technique.TRAP_EMULATE, "hello"), EventKind.EMULATED_INSTRUCTION);
        assertTrue(n.sentence().startsWith("The VMM carried out `"), n.sentence());
        assertTrue(n.why().contains("ring 1") && n.why().contains("#GP"), n.why());
    }

    @Test
    void aTranslatedBlockIsToldWithItsPlaceInTheCache() throws Exception {
        Narration n = stepTo(under(dev.ringscope.vmm.Technique.BINARY_TRANSLATION, "hello"), EventKind.BLOCK_TRANSLATED);
        assertTrue(n.sentence().contains("translation cache at 0xFFD"), n.sentence());
        Narration callout = stepTo(under(dev.ringscope.vmm.Technique.BINARY_TRANSLATION, "hello"),
                EventKind.EMULATED_INSTRUCTION);
        assertTrue(callout.why().contains("no trap needed"), callout.why());
    }

    @Test
    void aReflectedSystemCallSaysTheVmmHandsItToTheGuestKernelInRingOne() throws Exception {
        Playback p = under(dev.ringscope.vmm.Technique.TRAP_EMULATE, "hello");
        p.stepToNext(Set.of(EventKind.SYSTEM_CALL), 1_000_000);
        Narration n = Narrator.of(p.view());
        assertTrue(n.sentence().contains("asked the kernel") || n.sentence().contains("handed control"), n.sentence());
        java.util.List<dev.ringscope.trace.Event.RingTransition> hops = p.view().step().events().stream()
                .filter(e -> e instanceof dev.ringscope.trace.Event.RingTransition)
                .map(e -> (dev.ringscope.trace.Event.RingTransition) e).toList();
        assertTrue(hops.stream().anyMatch(h -> h.toRing() == 0) && hops.stream().anyMatch(h -> h.toRing() == 1),
                "int 0x80 goes to the VMM, then to the guest kernel: " + hops);
    }

    @Test
    void aSystemCallIsToldAsAskingTheKernel() throws Exception {
        Narration n = stepTo(live("hello"), EventKind.SYSTEM_CALL);
        assertTrue(n.sentence().contains("asked the kernel") && n.sentence().contains("int 0x80")
                && n.sentence().contains("ring 0"), n.sentence());
        assertTrue(n.why().contains("TSS"), n.why());
    }

    @Test
    void aCliInRingThreeIsAGeneralProtectionFault() throws Exception {
        Narration n = stepTo(live("cli"), EventKind.EXCEPTION_RAISED);
        assertTrue(n.sentence().contains("#GP") && n.sentence().contains("cli at CPL 3 with IOPL 0"), n.sentence());
        assertTrue(n.why().contains("privilege"), n.why());
    }

    @Test
    void anX87InstructionIsDeviceNotAvailableBecauseThereIsNoFpu() throws Exception {
        Narration n = stepTo(live("fpu"), EventKind.EXCEPTION_RAISED);
        assertTrue(n.sentence().contains("#NM") && n.sentence().contains("device not available")
                && n.sentence().contains("x87"), n.sentence());
        assertTrue(n.why().contains("no FPU") && n.why().contains("CR0.EM"), n.why());
    }

    @Test
    void readingKernelMemoryIsAPageFaultWithItsBitsExplained() throws Exception {
        Narration n = stepTo(live("kernel_read"), EventKind.EXCEPTION_RAISED);
        assertTrue(n.sentence().contains("#PF") && n.sentence().contains("0x00100000"), n.sentence());
        assertTrue(n.why().contains("protection violation, read, from user mode"), n.why());
    }

    @Test
    void theTimerInterruptIsNamed() throws Exception {
        Narration n = stepTo(live("preempt"), EventKind.INTERRUPT_DELIVERED);
        assertTrue(n.sentence().startsWith("The timer (IRQ 0) interrupted"), n.sentence());
    }

    @Test
    void theReturnToUserModeAndPlainInstructionsAreDescribed() throws Exception {
        Playback p = live("hello");
        p.stepToNext(Set.of(EventKind.SYSTEM_CALL), 1_000_000);
        Narration back = stepTo(p, EventKind.RING_TRANSITION);
        assertTrue(back.sentence().contains("iretd") && back.sentence().contains("guest user (ring 3)"),
                back.sentence());
        p.stepInstruction();
        Narration plain = Narrator.of(p.view());
        assertTrue(plain.sentence().contains("executed `") && plain.sentence().contains("in ring 3"), plain.sentence());
    }

    @Test
    void theEndOfTheRunSaysHow() throws Exception {
        Playback p = live("hello");
        p.stepToNext(Set.of(EventKind.RUN_ENDED), 10_000_000);
        Narration n = Narrator.of(p.view());
        assertTrue(n.sentence().startsWith("The run ended: the guest asked to stop"), n.sentence());
    }
}
