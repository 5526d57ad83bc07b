package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.MiniOs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adams &amp; Agesen (ASPLOS 2006) §6.4 on the mini OS: what the README's Virtualization section
 * claims about the seven nanobenchmarks, measured by the same code that prints its tables
 * ({@link Nanobenchmarks}, {@code ringscope bench --paper}). Each figure is per operation: the
 * cycles of 2000 iterations minus those of 1000, over 1000.
 */
class PaperOrderingTest {

    static final Nanobenchmarks.Builder BUILD = (test, iterations, technique) -> MiniOs.build(
            Path.of("samples/bench/" + test + ".asm"), Nanobenchmarks.defines(iterations, technique)).bytes();

    private static final Map<CostModel, List<Nanobenchmarks.Row>> ROWS = new LinkedHashMap<>();

    @BeforeAll
    static void measure() throws Exception {
        for (CostModel cost : List.of(CostModel.P4_2006, CostModel.MODERN)) {
            ROWS.put(cost, Nanobenchmarks.measure(BUILD, cost));
        }
    }

    private static Nanobenchmarks.Row row(CostModel cost, String test) {
        return ROWS.get(cost).stream().filter(r -> r.test().name().equals(test)).findFirst().orElseThrow();
    }

    @Test
    void underThe2006PresetEveryRowFallsInThePapersOrder() {
        assertEquals(7, ROWS.get(CostModel.P4_2006).size());
        for (Nanobenchmarks.Row r : ROWS.get(CostModel.P4_2006)) {
            assertEquals(r.test().paperOrder(), r.order(), r.test().name() + ": " + r.cycles());
        }
    }

    @Test
    void underTheModernPresetEptTakesPageFaultsAndPteWritesOutOfVtxsCosts() {
        for (Nanobenchmarks.Row r : ROWS.get(CostModel.MODERN)) {
            String expected = switch (r.test().name()) {
                case "pgfault", "ptemod" -> "native ≈ VT-x < BT"; // the paper: native < BT < VT-x
                default -> r.test().paperOrder();
            };
            assertEquals(expected, r.order(), r.test().name() + ": " + r.cycles());
        }
    }

    @Test
    void theReadmeTablesAreWhatTheMeasurementGives() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (Map.Entry<CostModel, List<Nanobenchmarks.Row>> e : ROWS.entrySet()) {
            String marker = "<!-- ringscope bench --paper --cost " + e.getKey().name() + " -->\n";
            int at = readme.indexOf(marker);
            assertTrue(at >= 0, "README.md has no table after " + marker.trim());
            String table = Nanobenchmarks.markdown(e.getValue());
            String shown = readme.substring(at + marker.length(), Math.min(readme.length(), at + marker.length()
                    + table.length()));
            assertEquals(table, shown, "README.md's table for the " + e.getKey().name()
                    + " preset: regenerate it with `ringscope bench --paper`");
        }
    }

    @Test
    void aTaskPriorityWriteCostsWhatEachTechniqueDoesWithIt() {
        for (CostModel cost : List.of(CostModel.P4_2006, CostModel.MODERN)) {
            Nanobenchmarks.Row r = row(cost, "cr8wr");
            int loop = 3; // the store, dec, jnz
            Map<Technique, Integer> expected = new EnumMap<>(Technique.class);
            expected.put(Technique.NATIVE, cost.hardware().apicAccess() + loop);          // the real APIC
            expected.put(Technique.HARDWARE_ASSISTED, cost.hardware().apicAccess() + loop); // TPR shadow: no exit
            expected.put(Technique.BINARY_TRANSLATION, cost.inline() + loop);             // rewritten inline
            expected.put(Technique.TRAP_EMULATE, cost.trap() + cost.emulate() + loop);    // a fault, emulated
            expected.put(Technique.PARAVIRTUAL, loop);                                    // a store to the shared page
            for (Technique t : Nanobenchmarks.COLUMNS) {
                assertEquals(expected.get(t), r.of(t), 0.001, t + " under " + cost.name());
            }
        }
    }

    @Test
    void withoutTheTprShadowEveryTaskPriorityWriteExits() throws Exception {
        CostModel cost = CostModel.P4_2006;
        VmcsControls off = VmcsControls.forPreset(cost).with("tpr-shadow=off");
        long[] cycles = new long[2];
        for (int i = 0; i < 2; i++) {
            byte[] image = BUILD.image("cr8wr", 1000 * (i + 1), Technique.HARDWARE_ASSISTED);
            GuestRun run = Comparison.runOne(image, Technique.HARDWARE_ASSISTED, cost, false, off, 50_000_000);
            assertEquals(0, run.exitValue(), "the guest reads back what it wrote: " + run.console());
            assertTrue(run.stats().exitsByReason().keySet().stream().anyMatch(k -> k.startsWith("0 ")),
                    "the APIC page is not mapped: a #PF exit " + run.stats().exitsByReason());
            cycles[i] = run.cycles();
        }
        double perWrite = (cycles[1] - cycles[0]) / 1000.0;
        assertEquals(cost.vmTransition() + cost.exitHandling() + cost.emulate() + 3, perWrite, 0.001);
    }

    @Test
    void orderJoinsFiguresWithinAFifthAsAboutEqual() {
        assertEquals("native ≈ VT-x < BT", Nanobenchmarks.order(Map.of("native", 11.0, "BT", 51.0, "VT-x", 11.0)));
        assertEquals("native ≈ VT-x < BT", Nanobenchmarks.order(Map.of("native", 889.0, "BT", 3223.0, "VT-x", 1014.0)));
        assertEquals("BT < native < VT-x", Nanobenchmarks.order(Map.of("native", 3209.0, "BT", 214.0, "VT-x", 15826.0)));
        assertEquals("native < VT-x < BT", Nanobenchmarks.order(Map.of("native", 10.0, "BT", 50.0, "VT-x", 13.0)));
    }
}
