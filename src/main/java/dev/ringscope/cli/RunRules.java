package dev.ringscope.cli;

import dev.ringscope.vmm.CostModel;
import picocli.CommandLine.Option;

/** The options every command that runs a guest shares: the instruction-set rules and the cost preset. */
final class RunRules {

    @Option(names = "--isa", paramLabel = "x86|strict", defaultValue = "x86",
            description = "x86: the real rules; strict: sensitive-but-unprivileged instructions trap at CPL > 0")
    String isa;

    @Option(names = "--cost", paramLabel = "2006|modern", defaultValue = "2006",
            description = "cost preset for simulated cycles (default ${DEFAULT-VALUE})")
    String cost;

    /** Whether the strict rules apply; a message naming the option if --isa is neither. */
    boolean strictIsa() {
        if (!isa.equals("x86") && !isa.equals("strict")) {
            throw new IllegalArgumentException("--isa must be x86 or strict, not '" + isa + "'");
        }
        return isa.equals("strict");
    }

    /** The cost preset; a message naming the presets if --cost is neither. */
    CostModel costModel() {
        return CostModel.parse(cost);
    }
}
