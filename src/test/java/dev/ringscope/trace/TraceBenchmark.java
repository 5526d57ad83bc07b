package dev.ringscope.trace;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Speed and size of traces on a typical run's events (see {@link TypicalRun}): append, write and
 * read rates as the median of several timed runs after warm-up, and heap bytes per stored event.
 * Not a test — run by hand:
 *
 * <pre>
 * mvn -q -o test-compile
 * java -Xmx4g -cp target/classes:target/test-classes:$(jackson jars) dev.ringscope.trace.TraceBenchmark
 * </pre>
 */
public final class TraceBenchmark {

    private static final int EVENTS = 2_000_000;
    private static final int WARMUPS = 5;
    private static final int RUNS = 9;
    private static final TraceHeader HEADER = TraceHeader.of("bench", "native", "i386", "flat", RingOccupancy.NATIVE, Map.of());

    private TraceBenchmark() {
    }

    /** Arguments choose parts: {@code append}, {@code codec}, {@code memory}; none means all. */
    public static void main(String[] args) throws IOException {
        List<String> parts = List.of(args.length == 0 ? new String[] {"append", "codec", "memory"} : args);
        Event[] events = typical(EVENTS);
        System.out.printf("%d events: %s%n", EVENTS, TraceTest.traceOf(List.of(events)).counts());
        if (parts.contains("append")) {
            append(events);
        }
        if (parts.contains("codec")) {
            codec(events);
        }
        if (parts.contains("memory")) {
            memory();
        }
    }

    private static void append(Event[] events) throws IOException {
        report("Trace.append(Event)", EVENTS, () -> {
            Trace trace = new Trace();
            for (Event e : events) {
                trace.append(e);
            }
            return trace.size();
        });
        report("Trace.appendInstruction/RegisterWrite/MemoryAccess (no records)", EVENTS, () -> {
            Trace trace = new Trace();
            appendWithoutRecords(trace, events);
            return trace.size();
        });
        report("TypicalRun.next() + append (making the records too)", EVENTS, () -> {
            Trace trace = new Trace();
            TypicalRun run = new TypicalRun(1);
            for (int i = 0; i < EVENTS; i++) {
                trace.append(run.next());
            }
            return trace.size();
        });
        Trace stored = TraceTest.traceOf(List.of(events));
        report("Trace.get (materialize every event)", EVENTS, () -> {
            long sum = 0;
            for (long i = 0; i < EVENTS; i++) {
                sum += stored.get(i).cycle();
            }
            return sum;
        });
    }

    private static void codec(Event[] events) throws IOException {
        byte[] file = write(events, new ByteArrayOutputStream(EVENTS * 80)).toByteArray();
        System.out.printf("file: %d bytes, %.1f bytes/event%n", file.length, (double) file.length / EVENTS);
        report("TraceWriter.write (to a discarding stream)", EVENTS, () -> {
            write(events, OutputStream.nullOutputStream());
            return 0;
        });
        report("TraceReader.next (from bytes)", EVENTS, () -> {
            long n = 0;
            try (TraceReader reader = TraceReader.open(new ByteArrayInputStream(file), "bench")) {
                while (reader.next() != null) {
                    n++;
                }
            }
            return n;
        });
        report("TraceReader.load (into a Trace)", EVENTS, () ->
                TraceReader.load(new ByteArrayInputStream(file), "bench").trace().size());

        byte[] compact = CompactTraceTest.compact(HEADER, Arrays.asList(events));
        System.out.printf(".rstrace: %d bytes, %.2f bytes/event (TypicalRun's values are random: real runs take "
                + "less, see bench --traces)%n", compact.length, (double) compact.length / EVENTS);
        report("compact writer (to a discarding stream)", EVENTS, () -> {
            try (TraceOutput w = TraceCodec.COMPACT.writer(OutputStream.nullOutputStream(), HEADER)) {
                for (Event e : events) {
                    w.accept(e);
                }
                return w.count();
            }
        });
        report("compact reader (into a Trace)", EVENTS, () -> {
            try (TraceInput in = TraceCodec.COMPACT.reader(new ByteArrayInputStream(compact), "bench")) {
                return in.readAll().trace().size();
            }
        });
    }

    /** Heap held by 5M typical events: as a Trace, and as records in a list for comparison. */
    @SuppressWarnings("UnusedAssignment") // trace = null lets the first measurement's trace be collected
    private static void memory() {
        int n = 5_000_000;
        long before = usedHeap();
        Trace trace = new Trace();
        TypicalRun run = new TypicalRun(2);
        for (int i = 0; i < n; i++) {
            trace.append(run.next());
        }
        long after = usedHeap();
        System.out.printf("Trace: %.1f bytes/event (%d events, %d MB)%n", (after - before) / (double) n,
                trace.size(), (after - before) >> 20);
        trace = null;
        before = usedHeap();
        List<Event> records = new ArrayList<>();
        run = new TypicalRun(2);
        for (int i = 0; i < n; i++) {
            Event e = run.next();
            if (e instanceof Event.InstructionRetired r) { // an emulator copies each instruction's bytes
                e = new Event.InstructionRetired(r.seq(), r.cycle(), r.eip(), r.cpl(), r.bytes().clone());
            }
            records.add(e);
        }
        after = usedHeap();
        System.out.printf("ArrayList of records: %.1f bytes/event (%d events)%n", (after - before) / (double) n,
                records.size());
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static <T extends OutputStream> T write(Event[] events, T out) throws IOException {
        try (TraceWriter writer = new TraceWriter(out, HEADER)) {
            for (Event e : events) {
                writer.write(e);
            }
        }
        return out;
    }

    private static void appendWithoutRecords(Trace trace, Event[] events) {
        for (Event e : events) {
            if (e instanceof Event.InstructionRetired i) {
                trace.appendInstruction(i.cycle(), i.eip(), i.cpl(), i.bytes(), 0, i.bytes().length);
            } else if (e instanceof Event.RegisterWrite r) {
                trace.appendRegisterWrite(r.cycle(), r.register(), r.value());
            } else if (e instanceof Event.MemoryAccess m) {
                trace.appendMemoryAccess(m.cycle(), m.linear(), m.physical(), m.size(), m.value(), m.write());
            } else {
                trace.append(e);
            }
        }
    }

    static Event[] typical(int n) {
        TypicalRun run = new TypicalRun(1);
        Event[] events = new Event[n];
        for (int i = 0; i < n; i++) {
            events[i] = run.next();
        }
        return events;
    }

    interface Job {
        long run() throws IOException;
    }

    private static void report(String what, int events, Job job) throws IOException {
        long sink = 0;
        for (int i = 0; i < WARMUPS; i++) {
            sink += job.run();
        }
        double[] rates = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            sink += job.run();
            rates[i] = events / ((System.nanoTime() - start) / 1e9);
        }
        if (System.getProperty("bench.verbose") != null) {
            System.out.println(Arrays.toString(Arrays.stream(rates).map(r -> Math.round(r / 1e5) / 10.0).toArray()));
        }
        Arrays.sort(rates);
        System.out.printf("%-62s median %6.2f M events/s (min %.2f, max %.2f)%s%n", what, rates[RUNS / 2] / 1e6,
                rates[0] / 1e6, rates[RUNS - 1] / 1e6, sink == 42 ? " " : "");
    }
}
