package dev.ringscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ringscope.asm.AsmException;
import dev.ringscope.machine.BootException;
import dev.ringscope.vmm.Comparison;
import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.GuestRun;
import dev.ringscope.vmm.HostType;
import dev.ringscope.vmm.Technique;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run one guest under several virtualization techniques and compare what each paid: "
                + "simulated cycles, overhead against native, transitions, traps, VM exits, hypercalls, "
                + "translations and virtualization holes, and whether the guest's output equals native."})
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE.bin|PROGRAM.asm", description = "what to run (a mini-OS user program is built into the mini OS)")
    Path input;

    @Option(names = "--techniques", paramLabel = "a,b,c", split = ",",
            description = "which techniques (default: all five)")
    List<String> techniques;

    @Option(names = "--hosts", paramLabel = "a,b,c", split = ",",
            description = "run each technique on each of these hosts: type1, type2, kvm (default type1; with --hosts"
                    + " and no --techniques: hardware-assisted)")
    List<String> hosts;

    @Mixin
    RunRules rules;

    @Option(names = "--max-instructions", paramLabel = "N", defaultValue = "100000000",
            description = "stop each run after N guest instructions (default ${DEFAULT-VALUE})")
    long maxInstructions;

    @Option(names = "--json", description = "one JSON object: {program, cost, isa, runs: [...]}")
    boolean json;

    @Option(names = {"-D", "--define"}, paramLabel = "NAME[=VALUE]", mapFallbackValue = "", description = "predefine a macro when assembling")
    Map<String, String> defines = new LinkedHashMap<>();

    @Override
    public Integer call() {
        Guests.checkDefines(spec, defines);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Technique> chosen = new ArrayList<>();
        List<HostType> chosenHosts = new ArrayList<>();
        CostModel costModel;
        boolean strict;
        try {
            for (String h : hosts == null ? List.of("type1") : hosts) {
                HostType parsed = HostType.parse(h);
                if (!chosenHosts.contains(parsed)) {
                    chosenHosts.add(parsed);
                }
            }
            if ((techniques == null || techniques.isEmpty()) && hosts != null) {
                chosen.add(Technique.HARDWARE_ASSISTED); // the technique every host runs
            } else if (techniques == null || techniques.isEmpty()) {
                chosen.addAll(List.of(Technique.values()));
            } else {
                for (String t : techniques) {
                    Technique parsed = Technique.parse(t);
                    if (!chosen.contains(parsed)) {
                        chosen.add(parsed);
                    }
                }
            }
            costModel = rules.costModel();
            strict = rules.strictIsa();
            for (Technique t : chosen) {
                for (HostType h : chosenHosts) {
                    if (t != Technique.NATIVE && !h.allows(t)) {
                        throw new IllegalArgumentException(h.refusal(t));
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("ringscope compare: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (maxInstructions <= 0) {
            err.println("ringscope compare: --max-instructions must be positive");
            return ExitCodes.BAD_INPUT;
        }
        List<Technique> toRun = new ArrayList<>(chosen);
        if (!toRun.contains(Technique.NATIVE)) {
            toRun.add(0, Technique.NATIVE); // the baseline for overhead and output
        }
        List<GuestRun> runs;
        try {
            runs = Comparison.run(t -> Guests.image(input, t.guestDefines(defines)), toRun, chosenHosts, costModel,
                    strict, maxInstructions);
        } catch (AsmException e) {
            e.errors().forEach(err::println);
            err.println(Guests.errorCount(e, input));
            return ExitCodes.BAD_INPUT;
        } catch (BootException e) {
            err.println("ringscope compare: cannot boot " + UserFiles.quote(input) + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("ringscope compare: " + UserFiles.cannotRead(input, e));
            return ExitCodes.BAD_INPUT;
        } catch (Exception e) {
            err.println("ringscope compare: " + e);
            return ExitCodes.RUN_ERROR;
        }
        GuestRun nativeRun = runs.get(0);
        boolean withHost = hosts != null;
        List<GuestRun> shown = runs.stream().filter(r -> chosen.contains(r.technique())).toList();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("program", input.getFileName().toString());
            o.put("cost", costModel.name());
            o.put("isa", rules.isa);
            List<Map<String, Object>> array = new ArrayList<>();
            for (GuestRun r : shown) {
                array.add(runJson(r, nativeRun, withHost));
            }
            o.put("runs", array);
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
            } catch (IOException e) {
                err.println("ringscope compare: " + e.getMessage());
                return ExitCodes.RUN_ERROR;
            }
            out.flush();
            return ExitCodes.OK;
        }
        out.printf("%s under the %s cost preset (%s), --isa %s%n%n", input.getFileName(), costModel.name(),
                costModel.description(), rules.isa);
        String column = "%-" + (withHost ? 28 : 19) + "s";
        out.printf(column + " %14s %9s %11s %7s %8s %10s %12s %6s  %s%n", withHost ? "technique on host" : "technique", "cycles", "overhead", "transitions",
                "traps", "VM exits", "hypercalls", "translations", "holes", "output");
        for (GuestRun r : shown) {
            out.printf(Locale.ROOT, column + " %,14d %8.2fx %,11d %,7d %,8d %,10d %,12d %,6d  %s%n", r.name(withHost),
                    r.cycles(), r.overhead(nativeRun), r.counters().ringTransitions(), r.stats().traps(),
                    r.stats().exitCount(), r.stats().hypercallCount(), r.stats().translatedBlocks(), r.stats().holes(),
                    r.sameOutputAs(nativeRun) ? "= native" : "DIFFERS (" + r.stop().label() + ")");
        }
        out.println();
        out.println("cycles by category (guest direct / VMM / transitions / translation):");
        for (GuestRun r : shown) {
            Map<String, Long> c = r.stats().cyclesByCategory(r.cycles());
            out.printf(Locale.ROOT, "  " + column + " %s%n", r.name(withHost), String.join(" / ",
                    c.values().stream().map(v -> String.format(Locale.ROOT, "%,d", v)).toList()));
        }
        for (GuestRun r : shown) {
            if (!r.stats().exitsByReason().isEmpty()) {
                out.printf("  %s exits by reason: %s%n", r.name(withHost), r.stats().exitsByReason());
            }
            if (!r.stats().hypercallsByNumber().isEmpty()) {
                out.printf("  %s hypercalls: %s%n", r.name(withHost), r.stats().hypercallsByNumber());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    static Map<String, Object> runJson(GuestRun r, GuestRun nativeRun, boolean withHost) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("technique", r.technique().id());
        if (withHost) {
            o.put("host", r.host().id());
        }
        o.put("cycles", r.cycles());
        o.put("instructions", r.instructions());
        o.put("overhead", Math.round(r.overhead(nativeRun) * 1000) / 1000.0);
        o.put("outputEqualsNative", r.sameOutputAs(nativeRun));
        o.put("stop", r.stop().label());
        o.put("exitValue", r.exitValue());
        Map<String, Object> counters = new LinkedHashMap<>(r.counters().asMap());
        counters.putAll(r.stats().asMap(r.cycles()));
        o.put("counters", counters);
        return o;
    }
}
