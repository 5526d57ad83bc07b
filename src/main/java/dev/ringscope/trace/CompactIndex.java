package dev.ringscope.trace;

import dev.ringscope.trace.ChunkCoder.ChunkProblem;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A {@code .rstrace} file opened for seeking: its index (read from the end) says which chunk holds
 * event N or instruction I, and that chunk alone is read and decoded. Every entry is checked when the
 * file is opened; a file without a good index is refused here ({@link TraceFormatException}, with the
 * byte offset) though it may still load in order ({@link CompactReader}).
 */
public final class CompactIndex implements Closeable {

    private final FileChannel channel;
    private final String source;
    private final TraceHeader header;
    private final List<CompactFormat.Entry> entries;
    private final long events;
    private final long instructions;
    private final ChunkReader chunks = new ChunkReader();

    private CompactIndex(FileChannel channel, String source) throws IOException {
        this.channel = channel;
        this.source = source;
        CompactReader head = CompactReader.open(Channels.newInputStream(channel.position(0)), source);
        this.header = head.header(); // (not closed: that would close the channel)
        long headerEnd = channel.position();
        long size = channel.size();
        long trailerAt = size - CompactFormat.TRAILER_BYTES;
        if (trailerAt < headerEnd + 5) {
            throw bad(size, "the file ends without an index (it was cut short); it can be loaded, not seeked in");
        }
        ByteBuffer trailer = readAt(trailerAt, CompactFormat.TRAILER_BYTES);
        long indexAt = trailer.getLong();
        events = trailer.getLong();
        instructions = trailer.getLong();
        int crc = trailer.getInt();
        if (trailer.getInt() != CompactFormat.TRAILER_MAGIC) {
            throw bad(trailerAt, "the file does not end with an index trailer (it was cut short or damaged); it can "
                    + "be loaded, not seeked in");
        }
        long indexLength = trailerAt - indexAt;
        if (indexAt < headerEnd || indexLength < 5 || (indexLength - 5) % CompactFormat.INDEX_ENTRY_BYTES != 0
                || indexLength > (64 << 20)) {
            throw bad(trailerAt, "the trailer puts the index at byte " + indexAt + ", which is not where an index can be");
        }
        ByteBuffer index = readAt(indexAt, (int) indexLength);
        CRC32 check = new CRC32();
        check.update(index.array(), 0, (int) indexLength);
        if ((int) check.getValue() != crc) {
            throw bad(indexAt, "the index is damaged (its CRC-32 does not match)");
        }
        long count = index.position(1).getInt() & 0xFFFF_FFFFL;
        if (index.array()[0] != CompactFormat.INDEX_MARK || count != (indexLength - 5) / CompactFormat.INDEX_ENTRY_BYTES) {
            throw bad(indexAt, "the index does not start with 'I' and its number of chunks");
        }
        entries = new ArrayList<>();
        long nextOffset = headerEnd;
        long nextEvent = 0;
        long instructionsSoFar = 0;
        for (int k = 0; k < count; k++) {
            CompactFormat.Entry e = new CompactFormat.Entry(index.getLong(), index.getLong(), index.getLong(),
                    index.getInt());
            if (e.offset() < nextOffset || e.offset() >= indexAt || e.firstEvent() != nextEvent || e.events() <= 0
                    || e.instructionsBefore() < instructionsSoFar || e.instructionsBefore() > instructions) {
                throw bad(indexAt, "entry " + k + " of the index (" + e + ") does not follow from the one before");
            }
            entries.add(e);
            nextOffset = e.offset() + CompactFormat.CHUNK_HEADER_BYTES;
            nextEvent += e.events();
            instructionsSoFar = e.instructionsBefore();
        }
        if (nextEvent != events) {
            throw bad(indexAt, "the index lists " + nextEvent + " events, its trailer " + events);
        }
    }

    /** Opens {@code file} and reads its header and index. */
    public static CompactIndex open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new CompactIndex(channel, String.valueOf(file.getFileName()));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public TraceHeader header() {
        return header;
    }

    public long events() {
        return events;
    }

    public long instructions() {
        return instructions;
    }

    public int chunkCount() {
        return entries.size();
    }

    public long firstEventOf(int chunk) {
        return entries.get(chunk).firstEvent();
    }

    /** The chunk that holds event {@code n} (from 0). */
    public int chunkOfEvent(long n) {
        if (n < 0 || n >= events) {
            throw new IndexOutOfBoundsException("event " + n + " of a trace of " + events);
        }
        return search(n, true);
    }

    /** The chunk in which instruction {@code i} (from 0) retires. */
    public int chunkOfInstruction(long i) {
        if (i < 0 || i >= instructions) {
            throw new IndexOutOfBoundsException("instruction " + i + " of a trace of " + instructions);
        }
        return search(i, false);
    }

    /** The last chunk starting at or before {@code n}: events, or instructions retired before it. */
    private int search(long n, boolean byEvent) {
        int low = 0;
        int high = entries.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            CompactFormat.Entry e = entries.get(mid);
            if ((byEvent ? e.firstEvent() : e.instructionsBefore()) <= n) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** Sends the events of one chunk to {@code sink}, numbered as in the file; returns how many. */
    public long read(int chunk, EventSink sink) throws IOException {
        CompactFormat.Entry e = entries.get(chunk);
        ByteBuffer head = readAt(e.offset(), CompactFormat.CHUNK_HEADER_BYTES);
        try {
            ChunkReader.Head h = ChunkReader.head(head);
            if (h.events() != e.events()) {
                throw new ChunkProblem("it has " + h.events() + " events, the index says " + e.events());
            }
            ByteBuffer data = readAt(e.offset() + CompactFormat.CHUNK_HEADER_BYTES, h.compressedLength());
            chunks.decode(h, data.array(), e.firstEvent(), sink);
            return h.events();
        } catch (ChunkProblem p) {
            throw new TraceFormatException(source + ", " + CompactFormat.at(e.offset(), chunk) + ": " + p.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        chunks.end();
        channel.close();
    }

    private ByteBuffer readAt(long offset, int length) throws IOException {
        if (offset < 0 || offset + length > channel.size()) {
            throw bad(offset, "the file ends before the " + length + " bytes expected here");
        }
        ByteBuffer b = CompactFormat.little(length);
        while (b.hasRemaining()) {
            if (channel.read(b, offset + b.position()) < 0) {
                throw bad(offset, "the file ends before the " + length + " bytes expected here");
            }
        }
        return b.flip();
    }

    private TraceFormatException bad(long at, String message) {
        return new TraceFormatException(source + ", " + CompactFormat.at(at, -1) + ": bad index: " + message);
    }
}
