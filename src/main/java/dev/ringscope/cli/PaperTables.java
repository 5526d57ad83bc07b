package dev.ringscope.cli;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.Nanobenchmarks;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code bench --paper}: the README's tables of the paper's nanobenchmarks, one per cost preset. */
final class PaperTables {

    private PaperTables() {
    }

    /** Builds samples/bench/NAME.asm into the mini OS. */
    static final Nanobenchmarks.Builder BUILDER = (test, iterations, technique) -> MiniOs.build(
            MiniOs.samplesRoot().resolve("bench/" + test + ".asm"), Nanobenchmarks.defines(iterations, technique))
            .bytes();

    static int print(List<String> costNames, PrintWriter out, PrintWriter err) {
        List<CostModel> presets = new ArrayList<>();
        try {
            for (String name : costNames) {
                presets.add(CostModel.parse(name.trim()));
            }
        } catch (IllegalArgumentException e) {
            err.println("ringscope bench: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        for (CostModel cost : presets) {
            try {
                out.println("Cost preset " + cost.name() + " (" + cost.description() + "):");
                out.println();
                out.print(Nanobenchmarks.markdown(Nanobenchmarks.measure(BUILDER, cost)));
                out.println();
            } catch (Exception e) {
                err.println("ringscope bench --paper: " + e.getMessage());
                return ExitCodes.RUN_ERROR;
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
