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

    @Override
    public String extension() {
        return ".rstrace";
    }

    @Override
    public String description() {
        return "compact binary";
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

    /**
     * What the trailer says, when the file has one; else the events its chunk headers add up to (a
     * file whose writer was killed), read without inflating anything.
     */
    @Override
    public long mostEvents(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (size >= CompactFormat.FILE_HEADER_BYTES + CompactFormat.TRAILER_BYTES) {
                ByteBuffer trailer = read(channel, size - CompactFormat.TRAILER_BYTES, CompactFormat.TRAILER_BYTES);
                long events = trailer.getLong(8);
                if (trailer.getInt(CompactFormat.TRAILER_BYTES - 4) == CompactFormat.TRAILER_MAGIC && events >= 0
                        && events <= size * (long) CompactFormat.MAX_DEFLATE_RATIO) {
                    return events;
                }
            }
            if (size < CompactFormat.FILE_HEADER_BYTES) {
                return 0;
            }
            long at = CompactFormat.FILE_HEADER_BYTES
                    + (read(channel, 12, 4).getInt(0) & 0xFFFF_FFFFL);
            long events = 0;
            while (at + CompactFormat.CHUNK_HEADER_BYTES <= size) {
                ByteBuffer head = read(channel, at, CompactFormat.CHUNK_HEADER_BYTES);
                if (head.get(0) != CompactFormat.CHUNK_MARK) {
                    break;
                }
                events += head.getInt(9) & 0xFFFF_FFFFL;
                at += CompactFormat.CHUNK_HEADER_BYTES + (head.getInt(1) & 0xFFFF_FFFFL);
            }
            return events;
        }
    }

    private static ByteBuffer read(FileChannel channel, long at, int length) throws IOException {
        ByteBuffer b = CompactFormat.little(length);
        while (b.hasRemaining() && channel.read(b, at + b.position()) > 0) {
            // until full or the end of the file
        }
        return b;
    }
}
