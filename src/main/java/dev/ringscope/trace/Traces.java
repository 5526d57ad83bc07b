package dev.ringscope.trace;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Opening, writing and converting trace files of either form, chosen by the file's extension
 * ({@link TraceCodec#forFile}): the one entry point the command line and the app both use.
 */
public final class Traces {

    /** Heap an event takes once loaded into a {@link Trace} (TraceBenchmark measures about 20). */
    static final int LOADED_BYTES_PER_EVENT = 20;
    /** Of the heap Java may use, the share a loaded trace may take: the views need the rest. */
    static final double LOADABLE_SHARE = 0.8;

    private Traces() {
    }

    /**
     * Reads a whole trace file into memory, JSON Lines or compact by its name. A file whose events
     * could not fit in the memory this Java may use is refused before it is read, with its size in
     * the message, rather than filling the heap.
     */
    public static LoadedTrace load(Path file) throws IOException {
        return load(file, Runtime.getRuntime().maxMemory(), Progress.NONE);
    }

    /** Hears how much of a file has been read; false stops the reading ({@link Cancelled}). */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (bytes, of) -> true;

        boolean read(long bytes, long of);
    }

    /** The reading was stopped by its {@link Progress}; nothing was loaded. */
    public static final class Cancelled extends IOException {
        public Cancelled(String file) {
            super("the loading of " + file + " was cancelled");
        }
    }

    /**
     * {@link #load(Path)}, telling {@code progress} the bytes read so far (at most every 256 KiB and at
     * the end) and stopping with {@link Cancelled} when it returns false.
     */
    public static LoadedTrace load(Path file, Progress progress) throws IOException {
        return load(file, Runtime.getRuntime().maxMemory(), progress);
    }

    static LoadedTrace load(Path file, long memory) throws IOException {
        return load(file, memory, Progress.NONE);
    }

    static LoadedTrace load(Path file, long memory, Progress progress) throws IOException {
        TraceCodec codec = TraceCodec.forFile(file);
        String name = String.valueOf(file.getFileName());
        long size = Files.size(file);
        long events = codec.mostEvents(file, size);
        double need = (double) events * LOADED_BYTES_PER_EVENT;
        if (need > memory * LOADABLE_SHARE) {
            throw new TraceFormatException(name + ": too large to open: " + bytes(size) + ", up to " + count(events)
                    + " events, which would take about " + bytes(need) + " of memory, and this Java may use "
                    + bytes(memory) + ". Give Java more memory (java -Xmx…), or convert or cut the file with "
                    + "'ringscope trace convert', which reads it a part at a time.");
        }
        InputStream raw = Files.newInputStream(file);
        if (progress != Progress.NONE) {
            raw = new Counted(raw, size, name, progress);
        }
        try (TraceInput in = codec.reader(new BufferedInputStream(raw, 1 << 16), name)) {
            LoadedTrace loaded = in.readAll();
            if (!progress.read(size, size)) {
                throw new Cancelled(name);
            }
            return loaded;
        }
    }

    /** A file's bytes as they are read, told to a {@link Progress} that may stop them. */
    private static final class Counted extends java.io.FilterInputStream {
        private static final long EVERY = 1 << 18;
        private final long size;
        private final String name;
        private final Progress progress;
        private long read;
        private long told = -EVERY;

        Counted(InputStream in, long size, String name, Progress progress) {
            super(in);
            this.size = size;
            this.name = name;
            this.progress = progress;
        }

        private void count(long n) throws Cancelled {
            if (n > 0) {
                read += n;
            }
            if (read - told >= EVERY) {
                told = read;
                if (!progress.read(read, size)) {
                    throw new Cancelled(name);
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }
    }

    /** Opens a trace file of either form for reading, streaming. */
    public static TraceInput open(Path file) throws IOException {
        return TraceCodec.forFile(file).reader(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
                String.valueOf(file.getFileName()));
    }

    /** What a conversion read and wrote. */
    public record Converted(long events, List<TraceProblem> problems, int problemCount) {
    }

    /**
     * Copies the trace in {@code from} to {@code out} in the form {@code to}'s name says, a part at a
     * time (a file of any size converts in little memory). Every event is carried over as it is, so
     * JSON Lines → compact → JSON Lines gives the same bytes; what could not be read is skipped and
     * listed. The header is written as this version writes it.
     */
    public static Converted convert(Path from, Path to, OutputStream out) throws IOException {
        TraceCodec target = TraceCodec.forFile(to);
        try (TraceInput in = open(from)) {
            TraceHeader h = in.header();
            TraceHeader header = new TraceHeader(TraceHeader.SCHEMA_VERSION, h.program(), h.technique(), h.isa(),
                    h.costPreset(), h.rings(), h.options(), h.createdBy());
            try (TraceOutput writer = target.writer(out, header)) {
                long events = in.readInto(writer);
                return new Converted(events, in.problems(), in.problemCount());
            }
        }
    }

    private static String count(long n) {
        return n >= 1_000_000 ? String.format(java.util.Locale.ROOT, "%,.0f million", n / 1e6) : String.format(java.util.Locale.ROOT, "%,d", n);
    }

    /** 20.0 GB, 512 MB: sizes as people say them (decimal units). */
    static String bytes(double n) {
        return n >= 1e9 ? String.format(java.util.Locale.ROOT, "%.1f GB", n / 1e9) : String.format(java.util.Locale.ROOT, "%.0f MB", Math.max(1, n / 1e6));
    }
}
