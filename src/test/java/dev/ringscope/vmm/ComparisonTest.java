package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.testing.GuestImages;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    /** Never ends by itself: every run goes through several one-million-instruction chunks. */
    private static final Path WORKLOAD = Path.of("samples/bench/workload.asm");

    @Test
    void aRunInChunksEndsExactlyAsARunInOneGo() throws Exception {
        for (Technique t : Technique.values()) {
            byte[] image = GuestImages.of(WORKLOAD, t);
            VmcsControls c = VmcsControls.forPreset(CostModel.P4_2006);
            // in one go: the machine itself, not runOne (whose every overload runs in chunks)
            Machine whole = VirtualMachine.create(t, CostModel.P4_2006, MachineOptions.defaults(), c);
            whole.boot(image);
            whole.run(3_500_000);
            GuestRun chunked = Comparison.runOne(image, t, CostModel.P4_2006, false, c, 3_500_000, () -> true);
            assertEquals(3_500_000, chunked.instructions(), t.id());
            assertEquals(whole.result().cycles(), chunked.cycles(), t.id());
            assertEquals(whole.result().instructions(), chunked.instructions(), t.id());
            assertEquals(whole.console(), chunked.console(), t.id());
            assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOf(whole.cpu().reg, 8)),
                    java.util.Arrays.toString(chunked.registers()), t.id());
        }
    }

    @Test
    void aRunCalledOffGivesNothing() throws Exception {
        byte[] image = GuestImages.of(WORKLOAD, Technique.NATIVE);
        int[] chunks = {0};
        assertNull(Comparison.runOne(image, Technique.NATIVE, CostModel.P4_2006, false,
                VmcsControls.forPreset(CostModel.P4_2006), 100_000_000, () -> chunks[0]++ < 3));
        assertEquals(4, chunks[0], "asked before each chunk, stopped at the fourth");
    }
}
