package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.testing.GuestImages;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The containers-against-VMs samples: the same two programs, a victim and a buggy one that reaches a
 * kernel bug with a pointer into task 1. As two processes on one kernel (neighbours.asm) the bug writes
 * into the victim, under every technique (the guest kernel is one kernel whatever runs it); as two VMs
 * under one VMM, sliced finely so that they interleave, the victim ends untouched and exactly as alone.
 */
class ContainersAgainstVmsTest {

    private static final Path NEIGHBOURS = Path.of("samples/user/neighbours.asm");
    private static final Path VICTIM = Path.of("samples/user/neighbour_victim.asm");
    private static final Path BUGGY = Path.of("samples/user/neighbour_buggy.asm");
    private static final long MAX = 5_000_000;

    /** Trap-and-emulate runs the mini OS only with the strict ISA (x86's holes leave its idle loop with IF clear). */
    private static RunSetup setup(Technique t) {
        return RunSetup.of(t, t == Technique.TRAP_EMULATE, CostModel.P4_2006);
    }

    @ParameterizedTest
    @EnumSource(Technique.class)
    void onOneKernelTheBugReachesTheNeighbour(Technique t) throws Exception {
        RunSetup s = setup(t);
        Machine m = s.boot(GuestImages.of(NEIGHBOURS, t));
        m.run(MAX);
        assertTrue(m.console().contains("buggy: the kernel wrote where I pointed"), m.console());
        assertTrue(m.console().contains("victim: my memory was changed, and not by me!"), m.console());
        assertTrue(m.console().contains("exit value 1"), m.console());
    }

    @ParameterizedTest
    @EnumSource(value = Technique.class, names = "NATIVE", mode = EnumSource.Mode.EXCLUDE)
    void asTwoVmsTheSameBugStaysInItsOwnVm(Technique t) throws Exception {
        RunSetup s = setup(t);
        MultiGuestRun run = new MultiGuestRun(s, MachineOptions.defaults(), 500, 2);
        run.addGuest("victim", GuestImages.of(VICTIM, t));
        run.addGuest("buggy", GuestImages.of(BUGGY, t));
        run.run(MAX);
        assertTrue(run.switches() > 10, "the two VMs took turns: " + run.switches() + " switches");
        Machine victim = run.guests().get(0).machine();
        Machine buggy = run.guests().get(1).machine();
        assertTrue(buggy.console().contains("buggy: the kernel wrote where I pointed"), buggy.console());
        assertTrue(victim.console().contains("victim: done, untouched"), victim.console());

        Machine alone = s.boot(GuestImages.of(VICTIM, t));
        alone.run(MAX);
        assertEquals(alone.console(), victim.console(), "the victim VM ran exactly as alone");
        assertEquals(alone.instructions(), victim.instructions());
    }
}
