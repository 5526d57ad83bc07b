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

    private static Playback on(dev.ringscope.vmm.HostType host, String sample) throws Exception {
        dev.ringscope.vmm.Technique t = dev.ringscope.vmm.Technique.HARDWARE_ASSISTED;
        return Playback.live(dev.ringscope.vmm.RunSetup.of(t, false, dev.ringscope.vmm.CostModel.MODERN).withHost(host)
                .boot(MiniOs.build(Path.of("samples/user/" + sample + ".asm"), Map.of()).bytes()));
    }

    /** Steps to the first console write that exits, on {@code host}. */
    private static Narration consoleWrite(dev.ringscope.vmm.HostType host) throws Exception {
        Playback p = on(host, "hello");
        for (int i = 0; i < 1000; i++) {
            p.stepToNext(Set.of(EventKind.CONSOLE_OUTPUT), 1_000_000);
            if (p.view().step().events().stream().anyMatch(e -> e instanceof dev.ringscope.trace.Event.VmExit)) {
                return Narrator.of(p.view());
            }
        }
        throw new AssertionError("no console write exited on " + host);
    }

    @Test
    void underKvmAConsoleWriteIsToldAsATripThroughTheVmmProcess() throws Exception {
        Narration n = consoleWrite(dev.ringscope.vmm.HostType.KVM);
        assertTrue(n.sentence().contains("KVM module") && n.sentence().contains("KVM_RUN returns to the VMM process")
                && n.sentence().contains("`write(1, …)`") && n.sentence().contains("`ioctl(KVM_RUN)`"), n.sentence());
        assertTrue(n.why().contains("QEMU"), n.why());
    }

    @Test
    void hostedAConsoleWriteIsToldWithItsTwoWorldSwitches() throws Exception {
        Narration n = consoleWrite(dev.ringscope.vmm.HostType.TYPE2);
        assertTrue(n.sentence().contains("switches worlds, to the host's context")
                && n.sentence().contains("switches worlds back to the VMM's context"), n.sentence());
        assertTrue(n.why().contains("two world switches"), n.why());
    }

    @Test
    void underKvmAnExitHandledInTheKernelSaysSo() throws Exception {
        Playback p = on(dev.ringscope.vmm.HostType.KVM, "hello");
        p.stepToNext(Set.of(EventKind.VM_EXIT), 1_000_000);
        assertTrue(p.view().step().events().stream().noneMatch(e -> e instanceof dev.ringscope.trace.Event.RingTransition t
                && t.to() == dev.ringscope.trace.Party.VMM_PROCESS), "the first exit (the PIC's port) stays in the kernel");
        Narration n = Narrator.of(p.view());
        assertTrue(n.sentence().contains("inside the kernel"), n.sentence());
    }

    @Test
    void aRecordedRunOfSeveralGuestsTellsEachSwitch() throws Exception {
        dev.ringscope.vmm.RunSetup setup = dev.ringscope.vmm.RunSetup.of(dev.ringscope.vmm.Technique.HARDWARE_ASSISTED,
                false, dev.ringscope.vmm.CostModel.MODERN);
        dev.ringscope.vmm.MultiGuestRun run = new dev.ringscope.vmm.MultiGuestRun(setup, MachineOptions.defaults(),
                2_000, 2);
        for (String sample : new String[] {"hello", "syscall"}) {
            run.addGuest(sample, MiniOs.build(Path.of("samples/user/" + sample + ".asm"), Map.of()).bytes());
        }
        dev.ringscope.trace.Trace trace = new dev.ringscope.trace.Trace();
        run.setEventSink(trace);
        run.run(1_000_000);
        Playback p = Playback.recorded(trace, dev.ringscope.trace.TraceHeader.of("hello.asm + syscall.asm",
                setup.technique().id(), "x86", "modern", setup.host().rings(setup.technique()), Map.of()));
        Narration start = stepTo(p, EventKind.VM_SWITCH);
        assertTrue(start.sentence().startsWith("The VMM started VM 1: vmptrld VM 1's VMCS (its guest state and EPT "
                + "pointer)"), start.sentence());
        Narration next = stepTo(p, EventKind.VM_SWITCH);
        assertTrue(next.sentence().startsWith("The VMM switched from VM 1 to VM 2 (timer slice): VM exit on the "
                + "VMM's timer"), next.sentence());
        assertTrue(next.why().contains("host frames"), next.why());
    }
}
