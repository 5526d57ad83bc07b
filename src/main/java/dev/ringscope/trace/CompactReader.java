package dev.ringscope.trace;

import dev.ringscope.trace.ChunkCoder.ChunkProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Reads a {@code .rstrace} file ({@link CompactFormat}) from start to end, one chunk at a time, so it
 * never holds more than a chunk. It does not need the index: a file cut short (a run killed while
 * writing) loads up to its last whole chunk. A chunk that is damaged is skipped and reported with its
 * byte offset, as the JSON Lines reader skips a line, and the chunks after it still load; the index
 * at the end is checked against the chunks read. Only a file that is not a {@code .rstrace} trace
 * (bad magic, a newer version, a bad header) is a {@link TraceFormatException}.
 */
final class CompactReader implements TraceInput {

    private final InputStream in;
    private final String source;
    private final TraceHeader header;
    private ChunkReader chunks; // made at the first chunk: opening for the header alone holds no inflater
    private final List<TraceProblem> problems = new ArrayList<>();
    private final List<CompactFormat.Entry> seen = new ArrayList<>();
    private byte[] compressed = new byte[1 << 16];
    private long position;
    private int problemCount;
    private long dropped;
    private long nextSeq;
    private long fileEvents;
    private long shift;
    private long instructions;
    private boolean instructionsKnown = true;
    private boolean done;

    private CompactReader(InputStream in, String source) throws IOException {
        this.in = in;
        this.source = source;
        this.header = readHeader();
    }

    /** Reads the file header from {@code in}; {@code source} names the input in messages. */
    static CompactReader open(InputStream in, String source) throws IOException {
        try {
            return new CompactReader(in, source);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    public TraceHeader header() {
        return header;
    }

    @Override
    public long readInto(EventSink sink) throws IOException {
        long first = nextSeq;
        while (!done) {
            readPart(sink);
        }
        return nextSeq - first;
    }

    @Override
    public List<TraceProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    @Override
    public int problemCount() {
        return problemCount;
    }

    /** Events that were in the file (by its chunk headers) but did not load. */
    @Override
    public long droppedLines() {
        return dropped;
    }

    @Override
    public void close() throws IOException {
        if (chunks != null) {
            chunks.end();
        }
        in.close();
    }

    private TraceHeader readHeader() throws IOException {
        byte[] fixed = new byte[CompactFormat.FILE_HEADER_BYTES];
        int n = read(fixed, fixed.length);
        for (int i = 0; i < CompactFormat.MAGIC.length; i++) {
            if (i >= n || fixed[i] != CompactFormat.MAGIC[i]) {
                throw fatal(0, n == 0 ? "empty; a .rstrace trace starts with its magic bytes"
                        : "not a RingScope trace: it does not start with the .rstrace magic bytes" + (fixed[0] == '{'
                        ? " (it looks like JSON Lines: name it .jsonl)" : ""));
            }
        }
        if (n < fixed.length) {
            throw fatal(n, "not a RingScope trace: the file ends inside its header");
        }
        ByteBuffer b = CompactFormat.little(fixed).position(CompactFormat.MAGIC.length);
        int version = b.getShort() & 0xFFFF;
        int flags = b.getShort() & 0xFFFF;
        long length = b.getInt() & 0xFFFF_FFFFL;
        if (version > CompactFormat.VERSION) {
            throw fatal(8, ".rstrace format version " + version + " is newer than this RingScope reads (up to "
                    + CompactFormat.VERSION + "); open it with a newer RingScope");
        }
        if (version == 0) {
            throw fatal(8, ".rstrace format version 0 is not valid");
        }
        if (flags != 0) {
            throw fatal(10, "unknown format flags 0x" + Integer.toHexString(flags) + "; open it with a newer RingScope");
        }
        if (length > CompactFormat.MAX_HEADER_BYTES) {
            throw fatal(12, "a header of " + length + " bytes; a trace header is at most "
                    + CompactFormat.MAX_HEADER_BYTES);
        }
        byte[] json = new byte[(int) length];
        int got = read(json, json.length);
        return HeaderJson.parse(json, 0, got, source + ", " + CompactFormat.at(fixed.length, -1), "the header block",
                got < json.length);
    }

    /** The next chunk, or the index and trailer; sets {@link #done} at the end or where nothing more can be read. */
    private void readPart(EventSink sink) throws IOException {
        long at = position;
        int chunk = seen.size();
        byte[] head = new byte[CompactFormat.CHUNK_HEADER_BYTES];
        int n = read(head, 1);
        if (n == 0) {
            stop(at, -1, "the file ends after " + chunk + " chunks without an index (it was cut short, as when a run "
                    + "is stopped while writing); the chunks before were loaded");
            return;
        }
        if (head[0] == CompactFormat.INDEX_MARK) {
            readIndex(at);
            return;
        }
        n += read(head, 1, head.length - 1);
        ChunkReader.Head h;
        try {
            if (n < head.length) {
                throw new ChunkProblem("the file ends inside the chunk");
            }
            h = ChunkReader.head(CompactFormat.little(head));
        } catch (ChunkProblem p) {
            stop(at, chunk, p.getMessage() + "; the rest of the file was not read");
            return;
        }
        if (compressed.length < h.compressedLength()) {
            compressed = new byte[h.compressedLength()];
        }
        if (read(compressed, h.compressedLength()) < h.compressedLength()) {
            stop(at, chunk, "the file ends inside the chunk (it was cut short); its " + h.events() + " events were dropped");
            dropped += h.events();
            return;
        }
        seen.add(new CompactFormat.Entry(at, fileEvents, instructions, h.events()));
        if (fileEvents - nextSeq != shift) {
            shift = fileEvents - nextSeq;
            report(at, chunk, "its events " + fileEvents + "… loaded as " + nextSeq + "… (events above were dropped)");
        }
        fileEvents += h.events();
        if (chunks == null) {
            chunks = new ChunkReader();
        }
        try {
            instructions += chunks.decode(h, compressed, nextSeq, sink);
            nextSeq += h.events();
        } catch (ChunkProblem p) {
            long lost = h.events() - chunks.delivered();
            nextSeq += chunks.delivered();
            dropped += lost;
            instructionsKnown = false;
            report(at, chunk, p.getMessage() + "; " + (chunks.delivered() == 0 ? "its " + lost + " events were dropped"
                    : "its last " + lost + " events were dropped"));
        }
    }

    /** Checks the index and trailer against the chunks read: any difference is reported, nothing is lost. */
    private void readIndex(long at) throws IOException {
        done = true;
        byte[] count = new byte[4];
        if (read(count, 4) < 4) {
            report(at, -1, "the index is cut short");
            return;
        }
        long chunks = CompactFormat.little(count).getInt() & 0xFFFF_FFFFL;
        if (chunks != seen.size()) {
            report(at, -1, "bad index: it lists " + chunks + " chunks, the file has " + seen.size());
            return;
        }
        byte[] rest = new byte[5 + seen.size() * CompactFormat.INDEX_ENTRY_BYTES + CompactFormat.TRAILER_BYTES];
        rest[0] = CompactFormat.INDEX_MARK;
        System.arraycopy(count, 0, rest, 1, 4);
        if (read(rest, 5, rest.length - 5) < rest.length - 5) {
            report(at, -1, "bad index: the file ends inside the index or its trailer");
            return;
        }
        ByteBuffer b = CompactFormat.little(rest).position(5);
        for (int k = 0; k < seen.size(); k++) {
            CompactFormat.Entry listed = new CompactFormat.Entry(b.getLong(), b.getLong(), b.getLong(), b.getInt());
            CompactFormat.Entry actual = seen.get(k);
            boolean same = listed.offset() == actual.offset() && listed.firstEvent() == actual.firstEvent()
                    && listed.events() == actual.events()
                    && (!instructionsKnown || listed.instructionsBefore() == actual.instructionsBefore());
            if (!same) {
                report(at, -1, "bad index: its entry for chunk " + k + " (" + listed + ") does not match the chunk ("
                        + actual + ")");
                return;
            }
        }
        CRC32 crc = new CRC32();
        crc.update(rest, 0, b.position());
        long indexOffset = b.getLong();
        long events = b.getLong();
        long instructionCount = b.getLong();
        int indexCrc = b.getInt();
        int magic = b.getInt();
        if (magic != CompactFormat.TRAILER_MAGIC || indexOffset != at || events != fileEvents
                || (instructionsKnown && instructionCount != instructions) || indexCrc != (int) crc.getValue()) {
            report(at, -1, "bad index: its trailer does not match the file (index at " + indexOffset + ", " + events
                    + " events, magic '" + new String(rest, rest.length - 4, 4, StandardCharsets.ISO_8859_1) + "')");
            return;
        }
        if (read(count, 1) > 0) {
            report(position - 1, -1, "the file goes on after its trailer; the rest was ignored");
        }
    }

    private void stop(long at, int chunk, String message) {
        done = true;
        report(at, chunk, message);
    }

    private void report(long at, int chunk, String message) {
        problemCount++;
        if (problems.size() < TraceReader.MAX_LISTED_PROBLEMS) {
            problems.add(TraceProblem.atByte(source, CompactFormat.at(at, chunk), message));
        }
    }

    private TraceFormatException fatal(long at, String message) {
        return new TraceFormatException(source + ", " + CompactFormat.at(at, -1) + ": " + message);
    }

    private int read(byte[] b, int length) throws IOException {
        return read(b, 0, length);
    }

    /** Reads up to {@code length} bytes, fewer only at the end of the input; counts the position. */
    private int read(byte[] b, int offset, int length) throws IOException {
        int n = in.readNBytes(b, offset, length);
        position += n;
        return n;
    }
}
