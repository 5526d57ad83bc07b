package dev.ringscope.cli;

import dev.ringscope.machine.BootException;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.LoadedTrace;
import dev.ringscope.trace.RingOccupancy;
import dev.ringscope.trace.Trace;
import dev.ringscope.trace.TraceCodec;
import dev.ringscope.trace.TraceHeader;
import dev.ringscope.trace.TraceInput;
import dev.ringscope.trace.TraceOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trace files on the bench workload, for each form: writing while the guest runs (emulator and writer
 * together, as {@code run --trace} does), writing the events of a trace already in memory (the
 * writer alone), loading a file held in memory into a trace (the reader alone), and bytes an event.
 * No disk is involved: files are written to memory or counted and dropped.
 */
final class TraceFigures {

    private static final TraceHeader HEADER = TraceHeader.of("workload.asm", "native", "x86", "2006",
            RingOccupancy.NATIVE, Map.of());

    /** One form's figures: medians of events per second, and bytes an event. */
    record Figures(BenchCommand.Rate writeWhileRunning, BenchCommand.Rate write, BenchCommand.Rate load,
                   double bytesPerEvent) {
    }

    private TraceFigures() {
    }

    /** Runs {@code instructions} of the workload in {@code image} once per measurement. */
    static Map<TraceCodec, Figures> measure(byte[] image, long instructions, int warmup, int runs)
            throws BootException, IOException {
        Trace trace = new Trace();
        Machine source = boot(image);
        source.setEventSink(trace);
        source.run(instructions);
        List<Event> events = new ArrayList<>((int) trace.size());
        trace.forEach(events::add);
        Map<TraceCodec, Figures> figures = new LinkedHashMap<>();
        for (TraceCodec codec : TraceCodec.ALL) {
            List<Double> running = new ArrayList<>();
            List<Double> writing = new ArrayList<>();
            List<Double> loading = new ArrayList<>();
            byte[] file = null;
            for (int i = 0; i < warmup + runs; i++) {
                double whileRunning = writeWhileRunning(codec, image, instructions);
                ByteArrayOutputStream out = new ByteArrayOutputStream(codec == TraceCodec.COMPACT ? 1 << 24 : 1 << 28);
                long t0 = System.nanoTime();
                try (TraceOutput w = codec.writer(out, HEADER)) {
                    for (Event e : events) {
                        w.accept(e);
                    }
                }
                double write = events.size() / seconds(t0);
                file = out.toByteArray();
                t0 = System.nanoTime();
                LoadedTrace loaded;
                try (TraceInput in = codec.reader(new ByteArrayInputStream(file), "bench")) {
                    loaded = in.readAll();
                }
                double load = loaded.trace().size() / seconds(t0);
                if (loaded.trace().size() != events.size() || !loaded.clean()) {
                    throw new IOException(codec.description() + " read back " + loaded.trace().size() + " of "
                            + events.size() + " events: " + loaded.problems());
                }
                if (i >= warmup) {
                    running.add(whileRunning);
                    writing.add(write);
                    loading.add(load);
                }
            }
            figures.put(codec, new Figures(BenchCommand.Rate.of(running), BenchCommand.Rate.of(writing),
                    BenchCommand.Rate.of(loading), (double) file.length / events.size()));
        }
        return figures;
    }

    private static double writeWhileRunning(TraceCodec codec, byte[] image, long instructions)
            throws BootException, IOException {
        Machine m = boot(image);
        long t0 = System.nanoTime();
        long events;
        try (TraceOutput w = codec.writer(OutputStream.nullOutputStream(), HEADER)) {
            m.setEventSink(w);
            m.run(instructions);
            events = w.count();
        }
        return events / seconds(t0);
    }

    private static Machine boot(byte[] image) throws BootException {
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(image);
        return m;
    }

    private static double seconds(long t0) {
        return Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
    }
}
