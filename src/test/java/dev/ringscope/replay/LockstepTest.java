package dev.ringscope.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.testing.GuestImages;
import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LockstepTest {

    private static Playback pane(String sample, Technique t, boolean strict) throws Exception {
        return Playback.live(RunSetup.of(t, strict, CostModel.P4_2006).boot(GuestImages.of(Path.of(sample), t)));
    }

    private static Lockstep four(String sample) throws Exception {
        return new Lockstep(List.of(pane(sample, Technique.NATIVE, false), pane(sample, Technique.TRAP_EMULATE, true),
                pane(sample, Technique.BINARY_TRANSLATION, false), pane(sample, Technique.HARDWARE_ASSISTED, false)), 0);
    }

    @Test
    void everyRunIsAtTheSameGuestInstructionAfterEachStep() throws Exception {
        Lockstep l = four("samples/user/preempt.asm");
        l.setMode(Lockstep.Mode.INSTRUCTIONS);
        for (int i = 1; i <= 40; i++) {
            assertEquals(Optional.empty(), l.step(0));
            for (MachineView v : l.views()) {
                assertEquals(i, v.instructionsRetired());
            }
        }
        l.advance(5_000);
        List<Long> at = new ArrayList<>();
        l.views().forEach(v -> at.add(v.instructionsRetired()));
        assertEquals(List.of(5_040L, 5_040L, 5_040L, 5_040L), at);
        // the same instruction, paid for differently
        List<Long> cycles = new ArrayList<>();
        l.views().forEach(v -> cycles.add(v.cycle()));
        assertTrue(cycles.get(3) > cycles.get(0), "VT-x paid exits: " + cycles);
    }

    @Test
    void inCycleModeTheDearerTechniquesFallBehind() throws Exception {
        Lockstep l = four("samples/user/preempt.asm");
        l.setMode(Lockstep.Mode.CYCLES);
        l.step(400_000);
        List<MachineView> v = l.views();
        for (MachineView view : v) {
            assertTrue(view.cycle() >= 400_000 || view.ended(), "every run reached the clock");
        }
        assertTrue(v.get(3).instructionsRetired() < v.get(0).instructionsRetired(),
                "hardware assist (2006) got less far than native in the same time");
    }

    @Test
    void aHoleStopsTheRunsAndSaysWhatNativeDidInstead() throws Exception {
        Lockstep l = new Lockstep(List.of(pane("samples/user/sleep.asm", Technique.NATIVE, false),
                pane("samples/user/sleep.asm", Technique.TRAP_EMULATE, false)), 0);
        l.setMode(Lockstep.Mode.INSTRUCTIONS);
        Optional<Lockstep.Divergence> d = Optional.empty();
        for (int i = 0; i < 200 && d.isEmpty(); i++) {
            d = l.advance(100);
        }
        assertTrue(d.isPresent());
        assertEquals(1, d.get().pane());
        assertTrue(d.get().what().contains("iretd") && d.get().what().contains("natively"), d.get().what());
    }
}
