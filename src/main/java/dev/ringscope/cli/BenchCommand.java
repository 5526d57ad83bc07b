package dev.ringscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ringscope.asm.AsmException;
import dev.ringscope.asm.MiniOs;
import dev.ringscope.machine.BootException;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.Technique;
import dev.ringscope.vmm.VirtualMachine;
import dev.ringscope.trace.Trace;
import dev.ringscope.trace.TraceHeader;
import dev.ringscope.trace.TraceWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the emulator on a fixed workload (samples/bench/workload.asm on the mini OS): guest "
                + "instructions per second with tracing off and with a full trace in memory, and events per second "
                + "written as JSON Lines; and on compiled C (samples/c/workload.elf: SHA-256 as gcc -O2 writes it). "
                + "Figures are medians over several runs after warm-up runs."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--instructions", paramLabel = "N", defaultValue = "20000000",
            description = "instructions per run with tracing off (default ${DEFAULT-VALUE})")
    long instructions;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "5", description = "measured runs (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "3", description = "warm-up runs (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--json", description = "print the figures as JSON")
    boolean json;

    @Option(names = "--techniques", paramLabel = "a,b,c", split = ",", defaultValue = "all",
            description = "also measure tracing-off speed under these techniques (default: all; 'none' to skip)")
    List<String> techniques;

    /** Code as a compiler writes it: endless SHA-256 from gcc -O2 (samples/c/workload.c), tracing off. */
    static final String C_WORKLOAD = "c/workload.elf";

    /** One measured quantity: per-second rates of the runs, summarised. */
    record Rate(double median, double min, double max) {
        static Rate of(List<Double> values) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            return new Rate(median, v[0], v[v.length - 1]);
        }
    }

    @Option(names = "--paper", description = "instead: the nanobenchmarks of Adams & Agesen (ASPLOS 2006) on the mini OS, "
            + "cycles per operation under each technique beside the paper's, as Markdown tables (the README's)")
    boolean paper;

    @Option(names = "--cost", paramLabel = "2006|modern", split = ",", defaultValue = "2006,modern",
            description = "with --paper: the cost presets (default ${DEFAULT-VALUE})")
    List<String> costs;

    @Option(names = "--traces", description = "instead: trace files in each form (JSON Lines, .rstrace): events/s written "
            + "while the guest runs, written from memory and loaded, and bytes an event, on a tenth of --instructions of the "
            + "workload (as the full-trace figure)")
    boolean traces;

    @Option(names = "--seek", description = "instead: a long run as the main window holds it: the workload's full trace "
            + "(--instructions of it) as .rstrace, loaded and indexed, then --seeks random seeks each followed by a step "
            + "back, the view built after each; latency (median, 99th percentile, worst) and heap")
    boolean seek;

    @Option(names = "--seeks", paramLabel = "S", defaultValue = "1000", description = "with --seek: how many (default ${DEFAULT-VALUE})")
    int seeks;

    @Option(names = "--window-seeks", paramLabel = "S", defaultValue = "200", description = "with --seek: random seeks "
            + "(each with a step back) in the main window, off screen at 1280x800, after the playback's (default "
            + "${DEFAULT-VALUE}; 0: no window)")
    int windowSeeks;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (paper) {
            return PaperTables.print(costs, out, err);
        }
        String bad = instructions < 1000 ? "--instructions must be at least 1000, not " + instructions
                : runs < 1 ? "--runs must be at least 1, not " + runs
                : warmup < 0 ? "--warmup must not be negative, not " + warmup
                : null;
        if (bad != null) {
            err.println("ringscope bench: " + bad);
            return ExitCodes.BAD_INPUT;
        }
        byte[] image;
        try {
            image = MiniOs.build(MiniOs.samplesRoot().resolve("bench/workload.asm"), Map.of()).bytes();
        } catch (AsmException e) {
            err.println("ringscope bench: the workload does not assemble: " + e.getMessage());
            return ExitCodes.RUN_ERROR;
        }
        if (traces) {
            return traceFigures(image, out, err);
        }
        if (seek) {
            return seekFigures(image, out, err);
        }
        byte[] compiledC;
        try {
            compiledC = MiniOs.build(MiniOs.samplesRoot().resolve(C_WORKLOAD), Map.of()).bytes();
        } catch (AsmException e) {
            err.println("ringscope bench: the kernel for the C workload does not assemble: " + e.getMessage());
            return ExitCodes.RUN_ERROR;
        }
        List<Technique> chosen = new ArrayList<>();
        try {
            for (String t : techniques) {
                if (t.equals("all")) {
                    chosen.addAll(List.of(Technique.values()));
                } else if (!t.equals("none")) {
                    chosen.add(Technique.parse(t));
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("ringscope bench: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        long traced = Math.max(1000, instructions / 10);
        List<Double> plain = new ArrayList<>();
        List<Double> interpreted = new ArrayList<>();
        List<Double> tracedInstr = new ArrayList<>();
        List<Double> tracedEvents = new ArrayList<>();
        List<Double> jsonEvents = new ArrayList<>();
        List<Double> compiled = new ArrayList<>();
        long[] jsonBytes = new long[1];
        long[] eventCount = new long[1];
        // each measurement in its own phase, so one's JIT profile does not disturb another's
        try {
            for (int i = 0; i < warmup + runs; i++) {
                double rate = runPlain(image, instructions, true);
                if (i >= warmup) {
                    plain.add(rate);
                }
            }
            for (int i = 0; i < warmup + runs; i++) {
                double rate = runPlain(image, instructions, false);
                if (i >= warmup) {
                    interpreted.add(rate);
                }
            }
            for (int i = 0; i < warmup + runs; i++) {
                double[] t = runTraced(image, traced, eventCount);
                if (i >= warmup) {
                    tracedInstr.add(t[0]);
                    tracedEvents.add(t[1]);
                }
            }
            for (int i = 0; i < warmup + runs; i++) {
                double j = runJsonLines(image, traced / 2, jsonBytes);
                if (i >= warmup) {
                    jsonEvents.add(j);
                }
            }
            for (int i = 0; i < warmup + runs; i++) {
                Machine m = boot(compiledC);
                long t0 = System.nanoTime();
                dev.ringscope.machine.RunResult r = m.run(instructions);
                double rate = m.instructions() / seconds(t0);
                if (m.instructions() < instructions) {
                    err.println("ringscope bench: the C workload (" + C_WORKLOAD + ") stopped after "
                            + m.instructions() + " instructions: " + m.console().strip().replace('\n', ' ')
                            + (r.message() == null ? "" : " (" + r.message() + ")"));
                    return ExitCodes.RUN_ERROR;
                }
                if (i >= warmup) {
                    compiled.add(rate);
                }
            }
        } catch (BootException e) {
            err.println("ringscope bench: " + e.getMessage());
            return ExitCodes.RUN_ERROR;
        }
        Map<Technique, Rate> perTechnique = new LinkedHashMap<>();
        try {
            for (Technique t : chosen) {
                byte[] guest = MiniOs.build(MiniOs.samplesRoot().resolve("bench/workload.asm"),
                        t.guestDefines(Map.of())).bytes();
                List<Double> rates = new ArrayList<>();
                for (int i = 0; i < warmup + runs; i++) {
                    double rate = runUnder(t, guest, instructions);
                    if (i >= warmup) {
                        rates.add(rate);
                    }
                }
                perTechnique.put(t, Rate.of(rates));
            }
        } catch (BootException | AsmException e) {
            err.println("ringscope bench: " + e.getMessage());
            return ExitCodes.RUN_ERROR;
        }
        Rate off = Rate.of(plain);
        Rate offInterpreted = Rate.of(interpreted);
        Rate onInstr = Rate.of(tracedInstr);
        Rate onEvents = Rate.of(tracedEvents);
        Rate jsonl = Rate.of(jsonEvents);
        Rate c = Rate.of(compiled);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workload", "samples/bench/workload.asm");
            m.put("runs", runs);
            m.put("warmupRuns", warmup);
            m.put("tracingOff", Map.of("instructionsPerRun", instructions, "instructionsPerSecond", rateMap(off)));
            m.put("tracingOffInterpretedOnly", Map.of("instructionsPerRun", instructions, "instructionsPerSecond",
                    rateMap(offInterpreted)));
            m.put("fullTraceInMemory", Map.of("instructionsPerRun", traced, "instructionsPerSecond", rateMap(onInstr),
                    "eventsPerSecond", rateMap(onEvents), "eventsPerInstruction",
                    (double) eventCount[0] / traced));
            m.put("jsonLines", Map.of("eventsPerSecond", rateMap(jsonl), "bytesPerEvent",
                    jsonBytes[0] / (double) Math.max(1, eventCount[0] / 2)));
            m.put("compiledC", Map.of("workload", C_WORKLOAD, "instructionsPerRun", instructions,
                    "instructionsPerSecond", rateMap(c)));
            Map<String, Object> techniqueMap = new LinkedHashMap<>();
            Rate base = perTechnique.get(Technique.NATIVE);
            perTechnique.forEach((t, r) -> {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("instructionsPerSecond", rateMap(r));
                if (base != null) {
                    o.put("hostTimeOverNative", base.median() / r.median());
                }
                techniqueMap.put(t.id(), o);
            });
            m.put("techniques", techniqueMap);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
        } else {
            out.printf("workload: samples/bench/workload.asm on the mini OS (two tasks, timer, system calls)%n");
            out.printf("medians of %d runs after %d warm-up runs (min .. max)%n", runs, warmup);
            out.printf("tracing off        %8.1f M instructions/s  (%.1f .. %.1f), %,d instructions a run%n",
                    off.median() / 1e6, off.min() / 1e6, off.max() / 1e6, instructions);
            out.printf("  interpreted only %8.1f M instructions/s  (%.1f .. %.1f), without the block compiler%n",
                    offInterpreted.median() / 1e6, offInterpreted.min() / 1e6, offInterpreted.max() / 1e6);
            out.printf("full trace, memory %8.1f M instructions/s  %8.1f M events/s (%.1f .. %.1f), %.1f events an instruction%n",
                    onInstr.median() / 1e6, onEvents.median() / 1e6, onEvents.min() / 1e6, onEvents.max() / 1e6,
                    (double) eventCount[0] / traced);
            out.printf("JSON Lines         %8.1f M events/s        (%.1f .. %.1f)%n", jsonl.median() / 1e6,
                    jsonl.min() / 1e6, jsonl.max() / 1e6);
            out.printf("compiled C         %8.1f M instructions/s  (%.1f .. %.1f), %s: SHA-256 as gcc -O2 wrote it%n",
                    c.median() / 1e6, c.min() / 1e6, c.max() / 1e6, C_WORKLOAD);
            Rate base = perTechnique.get(Technique.NATIVE);
            if (!perTechnique.isEmpty()) {
                out.printf("under each technique, tracing off, %,d instructions a run:%n", instructions);
            }
            perTechnique.forEach((t, r) -> out.printf("  %-19s %8.1f M instructions/s  (%.1f .. %.1f)%s%n", t.id(),
                    r.median() / 1e6, r.min() / 1e6, r.max() / 1e6,
                    base == null ? "" : String.format("  host time %.2fx native", base.median() / r.median())));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private int traceFigures(byte[] image, PrintWriter out, PrintWriter err) throws IOException {
        Map<dev.ringscope.trace.TraceCodec, TraceFigures.Figures> figures;
        try {
            figures = TraceFigures.measure(image, Math.max(1000, instructions / 10), warmup, runs);
        } catch (BootException e) {
            err.println("ringscope bench: " + e.getMessage());
            return ExitCodes.RUN_ERROR;
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workload", "samples/bench/workload.asm");
            m.put("instructionsPerRun", Math.max(1000, instructions / 10));
            m.put("runs", runs);
            m.put("warmupRuns", warmup);
            figures.forEach((codec, f) -> m.put(codec.extension().substring(1), Map.of(
                    "writeWhileRunningEventsPerSecond", rateMap(f.writeWhileRunning()),
                    "writeEventsPerSecond", rateMap(f.write()), "loadEventsPerSecond", rateMap(f.load()),
                    "bytesPerEvent", f.bytesPerEvent())));
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
        } else {
            out.printf("trace files: samples/bench/workload.asm, %,d instructions a run; medians of %d runs after %d "
                    + "warm-up runs, M events/s (min .. max)%n", Math.max(1000, instructions / 10), runs, warmup);
            figures.forEach((codec, f) -> out.printf("%-19s write while running %6.1f (%.1f .. %.1f)  write %6.1f (%.1f .. %.1f)"
                            + "  load %6.1f (%.1f .. %.1f)  %6.2f bytes an event%n", codec.description(),
                    f.writeWhileRunning().median() / 1e6, f.writeWhileRunning().min() / 1e6, f.writeWhileRunning().max() / 1e6,
                    f.write().median() / 1e6, f.write().min() / 1e6, f.write().max() / 1e6,
                    f.load().median() / 1e6, f.load().min() / 1e6, f.load().max() / 1e6, f.bytesPerEvent()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private int seekFigures(byte[] image, PrintWriter out, PrintWriter err) throws IOException {
        if (seeks < 1 || windowSeeks < 0) {
            err.println("ringscope bench: " + (seeks < 1 ? "--seeks must be at least 1, not " + seeks
                    : "--window-seeks must not be negative, not " + windowSeeks));
            return ExitCodes.BAD_INPUT;
        }
        SeekFigures.Figures f;
        try {
            f = SeekFigures.measure(image, instructions, seeks, 1, windowSeeks);
        } catch (BootException | dev.ringscope.ui.Renderer.Failure e) {
            err.println("ringscope bench: " + e.getMessage());
            return ExitCodes.RUN_ERROR;
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workload", "samples/bench/workload.asm");
            m.put("instructions", f.instructions());
            m.put("events", f.events());
            m.put("rstraceBytes", f.fileBytes());
            m.put("loadSeconds", f.loadSeconds());
            m.put("indexSeconds", f.indexSeconds());
            m.put("seekMillis", f.seek());
            m.put("stepBackMillis", f.stepBack());
            m.put("endMillis", f.end());
            m.put("heapBytes", f.heapBytes());
            m.put("heapBytesPerMillionEvents", f.heapPerMillionEvents());
            if (f.window() != null) {
                m.put("window", f.window());
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
        } else {
            out.printf("seeking: samples/bench/workload.asm, %,d instructions, %,d events (.rstrace %.1f MB)%n",
                    f.instructions(), f.events(), f.fileBytes() / 1e6);
            out.printf("  load %.2f s (%.1f M events/s), index %.2f s%n", f.loadSeconds(),
                    f.events() / f.loadSeconds() / 1e6, f.indexSeconds());
            for (var row : List.of(Map.entry("random seek", f.seek()), Map.entry("step back", f.stepBack()),
                    Map.entry("start to end", f.end()))) {
                SeekFigures.Latency l = row.getValue();
                out.printf("  %-13s median %7.3f ms  p99 %7.3f ms  worst %7.3f ms  (%d moves, view built)%n",
                        row.getKey(), l.median(), l.p99(), l.worst(), l.count());
            }
            out.printf("  heap %.0f MB with the run loaded and indexed (%.1f MB a million events)%n",
                    f.heapBytes() / 1e6, f.heapPerMillionEvents() / 1e6);
            if (f.window() != null) {
                SeekFigures.Window w = f.window();
                out.printf("main window (%dx%d, off screen): the run read for the views in %.0f ms (while loading), "
                        + "then the window built and laid out in %.0f ms (the process's first window: %.0f ms)%n",
                        w.width(), w.height(), w.prepareMillis(), w.openMillis(), w.firstOpenMillis());
                for (var row : List.of(Map.entry("random seek", w.seek()), Map.entry("step back", w.stepBack()))) {
                    SeekFigures.Latency l = row.getValue();
                    out.printf("  %-13s median %7.3f ms  p99 %7.3f ms  worst %7.3f ms  (%d moves, every view updated "
                            + "and laid out)%n", row.getKey(), l.median(), l.p99(), l.worst(), l.count());
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static Map<String, Double> rateMap(Rate r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("median", r.median());
        m.put("min", r.min());
        m.put("max", r.max());
        return m;
    }

    private static double runUnder(Technique t, byte[] image, long n) throws BootException {
        Machine m = VirtualMachine.create(t, CostModel.P4_2006, MachineOptions.defaults());
        m.boot(image);
        long t0 = System.nanoTime();
        m.run(n);
        return m.instructions() / seconds(t0);
    }

    private static Machine boot(byte[] image) throws BootException {
        return boot(image, true);
    }

    private static Machine boot(byte[] image, boolean compileBlocks) throws BootException {
        Machine m = new Machine(MachineOptions.defaults().withCompileBlocks(compileBlocks));
        m.boot(image);
        return m;
    }

    private static double runPlain(byte[] image, long n, boolean compileBlocks) throws BootException {
        Machine m = boot(image, compileBlocks);
        long t0 = System.nanoTime();
        m.run(n);
        return m.instructions() / seconds(t0);
    }

    private static double[] runTraced(byte[] image, long n, long[] events) throws BootException {
        Machine m = boot(image);
        Trace trace = new Trace();
        m.setEventSink(trace);
        long t0 = System.nanoTime();
        m.run(n);
        double s = seconds(t0);
        events[0] = trace.size();
        return new double[] {m.instructions() / s, trace.size() / s};
    }

    private static double runJsonLines(byte[] image, long n, long[] bytes) throws BootException, IOException {
        Machine m = boot(image);
        CountingStream sinkStream = new CountingStream();
        double s;
        long events;
        try (TraceWriter w = new TraceWriter(sinkStream, TraceHeader.of("workload", "native", "x86", "flat", dev.ringscope.trace.RingOccupancy.NATIVE, Map.of()))) {
            m.setEventSink(w);
            long t0 = System.nanoTime();
            m.run(n);
            w.flush();
            s = seconds(t0);
            events = w.count();
        }
        bytes[0] = sinkStream.count;
        return events / s;
    }

    private static double seconds(long t0) {
        return Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
    }

    /** Counts and discards what is written (the disk is not what is measured). */
    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

}
