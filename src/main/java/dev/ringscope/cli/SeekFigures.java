package dev.ringscope.cli;

import dev.ringscope.machine.BootException;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.replay.MachineView;
import dev.ringscope.replay.Playback;
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
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A long run as the main window holds it: the workload's full trace written to {@code .rstrace} and
 * loaded back (as File ▸ Open does, from memory here), a playback over it indexed as the app indexes
 * it while loading, then random seeks, each followed by a step back, with the view built after each
 * move (what the window shows). Reports load and index time, the latency of each kind of move
 * (median, 99th percentile, worst), and the heap the loaded run holds.
 */
final class SeekFigures {

    private static final TraceHeader HEADER = TraceHeader.of("workload.asm", "native", "x86", "2006",
            RingOccupancy.NATIVE, Map.of());

    record Figures(long instructions, long events, long fileBytes, double loadSeconds, double indexSeconds,
                   Latency seek, Latency stepBack, Latency end, long heapBytes, Window window) {

        double heapPerMillionEvents() {
            return heapBytes / (events / 1e6);
        }
    }

    /** The main window off screen over the same run: building it, and its seeks and steps back (null: not measured). */
    record Window(int width, int height, double prepareMillis, double firstOpenMillis, double openMillis, Latency seek,
                  Latency stepBack) {
    }

    /** Milliseconds: median, 99th percentile and worst over {@code count} moves. */
    record Latency(int count, double median, double p99, double worst) {
        static Latency of(double[] millis) {
            double[] v = millis.clone();
            Arrays.sort(v);
            return new Latency(v.length, v[v.length / 2], v[(int) Math.min(v.length - 1, Math.ceil(v.length * 0.99) - 1)],
                    v[v.length - 1]);
        }
    }

    private SeekFigures() {
    }

    static Figures measure(byte[] image, long instructions, int seeks, long seed, int windowSeeks)
            throws BootException, IOException, dev.ringscope.ui.Renderer.Failure {
        byte[] file = record(image, instructions);
        long t0 = System.nanoTime();
        LoadedTrace loaded;
        try (TraceInput in = TraceCodec.COMPACT.reader(new ByteArrayInputStream(file), "bench")) {
            loaded = in.readAll();
        }
        double load = seconds(t0);
        long fileBytes = file.length;
        file = null; // not part of the heap figure
        t0 = System.nanoTime();
        Playback playback = Playback.recorded(loaded);
        playback.index((done, of) -> true);
        playback.view();
        double index = seconds(t0);
        long retired = playback.position().instructionsKnown();
        SplittableRandom random = new SplittableRandom(seed);
        double[] seek = new double[seeks];
        double[] back = new double[seeks];
        double[] end = new double[Math.max(1, seeks / 10)];
        long checksum = 0;
        for (int i = 0; i < seeks; i++) {
            long target = random.nextLong(retired);
            long s = System.nanoTime();
            playback.seekInstruction(target);
            MachineView v = playback.view();
            seek[i] = millis(s);
            checksum += v.instructionsRetired();
            s = System.nanoTime();
            playback.stepBack();
            v = playback.view();
            back[i] = millis(s);
            checksum += v.instructionsRetired();
            if (i % 10 == 0) {
                playback.home();
                playback.view();
                s = System.nanoTime();
                playback.end();
                checksum += playback.view().instructionsRetired();
                end[i / 10] = millis(s);
            }
        }
        if (checksum == 0) {
            throw new IllegalStateException("no seek moved"); // keeps the views from being optimised away
        }
        long heap = heapUsed();
        java.lang.ref.Reference.reachabilityFence(playback); // the heap figure is of the loaded, indexed run
        Window window = null;
        if (windowSeeks > 0) {
            long[] targets = random.longs(windowSeeks, 0, retired).toArray();
            dev.ringscope.ui.Renderer.WindowMoves moves = dev.ringscope.ui.Renderer.windowMoves(playback, 1280, 800, targets);
            window = new Window(1280, 800, moves.prepare(), moves.firstOpen(), moves.open(), Latency.of(moves.seeks()), Latency.of(moves.stepBacks()));
        }
        return new Figures(retired, loaded.trace().size(), fileBytes, load, index, Latency.of(seek),
                Latency.of(back), Latency.of(end), heap, window);
    }

    private static byte[] record(byte[] image, long instructions) throws BootException, IOException {
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(image);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 24);
        try (TraceOutput w = TraceCodec.COMPACT.writer(out, HEADER)) {
            m.setEventSink(w);
            m.run(instructions);
        }
        return out.toByteArray();
    }

    private static long heapUsed() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double millis(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
