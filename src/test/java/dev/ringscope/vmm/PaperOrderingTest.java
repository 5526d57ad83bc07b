package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.MiniOs;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Adams &amp; Agesen (ASPLOS 2006) §6.4 under the 2006 preset: native, binary translation and
 * first-generation VT-x come out in the paper's order (REFERENCE.md §6). Each figure is per
 * operation: the cycles of 2000 iterations minus those of 1000, over 1000.
 */
class PaperOrderingTest {

    private static final List<Technique> THREE = List.of(Technique.NATIVE, Technique.BINARY_TRANSLATION,
            Technique.HARDWARE_ASSISTED);

    private static Map<Technique, Double> perOperation(String bench) throws Exception {
        Path p = Path.of("samples/bench/" + bench + ".asm");
        byte[] small = MiniOs.build(p, Map.of("ITERATIONS", "1000")).bytes();
        byte[] large = MiniOs.build(p, Map.of("ITERATIONS", "2000")).bytes();
        Map<Technique, Double> cost = new EnumMap<>(Technique.class);
        for (Technique t : THREE) {
            VmcsControls c = VmcsControls.forPreset(CostModel.P4_2006);
            GuestRun a = Comparison.runOne(small, t, CostModel.P4_2006, false, c, 10_000_000);
            GuestRun b = Comparison.runOne(large, t, CostModel.P4_2006, false, c, 10_000_000);
            assertTrue(a.stop().label().equals("exit") && b.stop().label().equals("exit"), bench + " under " + t);
            cost.put(t, (b.cycles() - a.cycles()) / 1000.0);
        }
        return cost;
    }

    private static double n(Map<Technique, Double> m) {
        return m.get(Technique.NATIVE);
    }

    private static double bt(Map<Technique, Double> m) {
        return m.get(Technique.BINARY_TRANSLATION);
    }

    private static double hw(Map<Technique, Double> m) {
        return m.get(Technique.HARDWARE_ASSISTED);
    }

    @Test
    void syscallCostsTheSoftwareVmmAndNotTheHardwareOne() throws Exception {
        Map<Technique, Double> m = perOperation("syscall");
        assertTrue(bt(m) > n(m) + 1000, "BT pays about 2000 more: " + m);
        assertTrue(hw(m) < n(m) * 1.3, "VT-x runs the system call in the guest: " + m);
    }

    @Test
    void inIsFastestUnderBinaryTranslationAndSlowestUnderVtx() throws Exception {
        Map<Technique, Double> in = perOperation("in");
        Map<Technique, Double> sys = perOperation("syscall");
        double native_ = n(in) - n(sys);
        double soft = bt(in) - bt(sys);
        double hard = hw(in) - hw(sys);
        assertTrue(soft * 5 < native_, "BT's emulated in is many times faster than the device: " + soft + " vs " + native_);
        assertTrue(hard > 3 * native_, "VT-x pays an exit: " + hard + " vs " + native_);
    }

    @Test
    void pageFaultsAndPageTableWritesAreWhereFirstGenerationVtxLoses() throws Exception {
        Map<Technique, Double> pf = perOperation("pgfault");
        assertTrue(n(pf) < bt(pf) && bt(pf) < hw(pf), "pgfault native < BT < VT-x: " + pf);
        Map<Technique, Double> pte = perOperation("ptemod");
        assertTrue(n(pte) < bt(pte) && bt(pte) < hw(pte), "ptemod native < BT < VT-x: " + pte);
    }

    @Test
    void divideByZeroIsReflectedBySoftwareButNotByHardware() throws Exception {
        Map<Technique, Double> m = perOperation("divzero");
        assertTrue(n(m) < hw(m) && hw(m) < bt(m), "divzero native < VT-x < BT: " + m);
        assertTrue(hw(m) < n(m) * 1.5, "the exception goes straight to the guest under VT-x: " + m);
    }
}
