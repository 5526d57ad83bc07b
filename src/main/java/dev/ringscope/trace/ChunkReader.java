package dev.ringscope.trace;

import dev.ringscope.trace.ChunkCoder.ChunkProblem;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Checks and decodes one chunk of a {@code .rstrace} file (its header, CRC, deflated records), for
 * both the reader that goes through a file in order and the one that seeks. Reused chunk to chunk;
 * call {@link #end()} when done.
 */
final class ChunkReader {

    /** A chunk's header, checked to be possible before anything is allocated for it. */
    record Head(int compressedLength, int recordsLength, int events, int crc) {
    }

    private final ChunkCoder coder = new ChunkCoder();
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private byte[] records = new byte[1 << 16];
    private long delivered;

    /** Reads the {@link CompactFormat#CHUNK_HEADER_BYTES} at {@code b}'s position. */
    static Head head(ByteBuffer b) throws ChunkProblem {
        int mark = b.get();
        if (mark != CompactFormat.CHUNK_MARK) {
            throw new ChunkProblem("expected a chunk ('C'), found byte 0x" + Integer.toHexString(mark & 0xFF));
        }
        long compressed = b.getInt() & 0xFFFF_FFFFL;
        long recordsLength = b.getInt() & 0xFFFF_FFFFL;
        long events = b.getInt() & 0xFFFF_FFFFL;
        int crc = b.getInt();
        if (compressed == 0 || compressed > CompactFormat.MAX_COMPRESSED_BYTES) {
            throw new ChunkProblem("its header gives a compressed length of " + compressed + " bytes");
        }
        if (recordsLength > CompactFormat.MAX_RECORDS_BYTES
                || recordsLength > compressed * CompactFormat.MAX_DEFLATE_RATIO) {
            throw new ChunkProblem("its header gives " + recordsLength + " bytes of records in " + compressed
                    + " compressed bytes");
        }
        if (events == 0 || events > recordsLength / 2) {
            throw new ChunkProblem("its header gives " + events + " events in " + recordsLength + " bytes of records");
        }
        return new Head((int) compressed, (int) recordsLength, (int) events, crc);
    }

    /**
     * Sends the chunk's events to {@code sink}, numbered from {@code firstSeq}; returns how many
     * instructions retired among them. On a problem, {@link #delivered()} says how many were sent.
     */
    long decode(Head head, byte[] compressed, long firstSeq, EventSink sink) throws ChunkProblem {
        delivered = 0;
        crc.reset();
        crc.update(compressed, 0, head.compressedLength());
        if ((int) crc.getValue() != head.crc()) {
            throw new ChunkProblem("it is damaged (its CRC-32 does not match)");
        }
        if (records.length < head.recordsLength()) {
            records = new byte[head.recordsLength()];
        }
        inflater.reset();
        inflater.setInput(compressed, 0, head.compressedLength());
        try {
            int n = 0;
            while (n < head.recordsLength() && !inflater.finished()) {
                int got = inflater.inflate(records, n, head.recordsLength() - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != head.recordsLength() || !inflater.finished()) {
                throw new ChunkProblem("its compressed records do not give the " + head.recordsLength()
                        + " bytes its header says");
            }
        } catch (DataFormatException e) {
            throw new ChunkProblem("its compressed records are damaged (" + e.getMessage() + ")");
        }
        ByteIn in = new ByteIn(records, head.recordsLength());
        coder.reset();
        while (delivered < head.events()) {
            int before = in.position();
            try {
                if (coder.read(in, firstSeq + delivered, sink)) {
                    delivered++;
                }
            } catch (ChunkProblem p) {
                throw new ChunkProblem("record at byte " + before + " of its records: " + p.getMessage());
            }
        }
        if (!in.atEnd()) {
            throw new ChunkProblem("its records go on after its last event");
        }
        return coder.instructionsRead();
    }

    long delivered() {
        return delivered;
    }

    void end() {
        inflater.end();
    }
}
