package dev.ringscope.trace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The compact binary form: {@link CompactWriter} and {@link CompactReader} ({@link CompactFormat}). */
final class CompactCodec implements TraceCodec {

    /**
     * Without a trailer to say how many events there are: deflated records of a loop that repeats
     * take about a byte an event, seldom less.
     */
    static final double LEAST_BYTES_PER_EVENT = 0.5;

    @Override
    public String extension() {
        return ".rstrace";
    }

    @Override
    public String description() {
        return "compact (.rstrace)";
    }

    @Override
    public TraceOutput writer(OutputStream out, TraceHeader header) throws IOException {
        return new CompactWriter(out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16),
                header);
    }

    @Override
    public TraceInput reader(InputStream in, String source) throws IOException {
        return CompactReader.open(in, source);
    }

    /** What the trailer says, when the file has one; else an estimate from the size. */
    @Override
    public long mostEvents(Path file, long size) throws IOException {
        long estimate = (long) (size / LEAST_BYTES_PER_EVENT) + 1;
        if (size < CompactFormat.FILE_HEADER_BYTES + CompactFormat.TRAILER_BYTES) {
            return estimate;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer trailer = CompactFormat.little(CompactFormat.TRAILER_BYTES);
            while (trailer.hasRemaining() && channel.read(trailer, size - CompactFormat.TRAILER_BYTES
                    + trailer.position()) > 0) {
                // reads the last bytes
            }
            trailer.flip();
            long events = trailer.getLong(8);
            boolean plausible = trailer.limit() == CompactFormat.TRAILER_BYTES
                    && trailer.getInt(CompactFormat.TRAILER_BYTES - 4) == CompactFormat.TRAILER_MAGIC
                    && events >= 0 && events <= size * (long) CompactFormat.MAX_DEFLATE_RATIO;
            return plausible ? events : estimate;
        }
    }
}
