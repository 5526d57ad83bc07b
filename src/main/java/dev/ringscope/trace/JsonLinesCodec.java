package dev.ringscope.trace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/** JSON Lines: {@link TraceWriter} and {@link TraceReader}. */
final class JsonLinesCodec implements TraceCodec {

    /** The shortest event line a run writes is about this long ({@code vmEntry} with small numbers). */
    static final int LEAST_BYTES_PER_EVENT = 64;

    @Override
    public String extension() {
        return ".jsonl";
    }

    @Override
    public String description() {
        return "JSON Lines";
    }

    @Override
    public TraceOutput writer(OutputStream out, TraceHeader header) throws IOException {
        return new TraceWriter(out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16), header);
    }

    @Override
    public TraceInput reader(InputStream in, String source) throws IOException {
        return TraceReader.open(in, source);
    }

    @Override
    public long mostEvents(Path file, long size) {
        return size / LEAST_BYTES_PER_EVENT + 1;
    }
}
