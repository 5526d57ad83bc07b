package dev.ringscope.trace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The byte layout of a {@code .rstrace} file around its records (docs/trace-format.md, "The compact
 * form"): all numbers little-endian.
 *
 * <pre>
 * file     magic (8) · version u16 · flags u16 (0) · header length u32 · header (UTF-8 JSON)
 *          · chunk* · index · trailer
 * chunk    'C' · compressed length u32 · records length u32 · events u32 · CRC-32 of the compressed bytes u32
 *          · the records, raw deflate
 * index    'I' · chunks u32 · per chunk: file offset u64 · first event u64 · instructions before it u64 · events u32
 * trailer  index offset u64 · events u64 · instructions u64 · CRC-32 of the index u32 · "RSTX"
 * </pre>
 */
final class CompactFormat {

    /** As PNG's: a high byte (no 7-bit channel), CR LF and LF (no newline conversion), ^Z (no DOS type). */
    static final byte[] MAGIC = {(byte) 0x89, 'R', 'S', 'T', '\r', '\n', 0x1A, '\n'};
    static final int VERSION = 1;
    static final int FILE_HEADER_BYTES = MAGIC.length + 2 + 2 + 4;
    static final int MAX_HEADER_BYTES = 1 << 20;

    static final byte CHUNK_MARK = 'C';
    static final int CHUNK_HEADER_BYTES = 1 + 4 + 4 + 4 + 4;
    static final byte INDEX_MARK = 'I';
    static final int INDEX_ENTRY_BYTES = 8 + 8 + 8 + 4;
    static final int TRAILER_BYTES = 8 + 8 + 8 + 4 + 4;
    static final int TRAILER_MAGIC = 'R' | 'S' << 8 | 'T' << 16 | 'X' << 24;

    /** A chunk closes after this many events or this many bytes of records, whichever comes first. */
    static final int CHUNK_EVENTS = 1 << 15;
    static final int CHUNK_TARGET_BYTES = 1 << 20;
    /** The most a chunk's records may take: the target, plus one event of four longest strings. */
    static final int MAX_RECORDS_BYTES = CHUNK_TARGET_BYTES + 4 * ChunkCoder.MAX_STRING_BYTES + (1 << 16);
    /** Deflate expands at most 1032:1; a chunk claiming more is not one. */
    static final int MAX_DEFLATE_RATIO = 1032;
    /** Deflated data is at most a little longer than the input (5 bytes every 16 KB stored block). */
    static final int MAX_COMPRESSED_BYTES = MAX_RECORDS_BYTES + (MAX_RECORDS_BYTES >> 10) + 1024;

    private CompactFormat() {
    }

    static ByteBuffer little(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    static ByteBuffer little(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The file header: magic, version, flags, the header's length, the header. */
    static byte[] fileHeader(TraceHeader header) {
        byte[] json = HeaderJson.toBytes(header);
        if (json.length > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("a trace header of " + json.length + " bytes is longer than "
                    + MAX_HEADER_BYTES);
        }
        ByteBuffer b = little(FILE_HEADER_BYTES + json.length);
        b.put(MAGIC).putShort((short) VERSION).putShort((short) 0).putInt(json.length).put(json);
        return b.array();
    }

    /** One entry of the index: where a chunk is and which events and instructions it starts at. */
    record Entry(long offset, long firstEvent, long instructionsBefore, int events) {
    }

    /** "byte 4711 (chunk 3)": a position in a message. */
    static String at(long offset, int chunk) {
        return "byte " + offset + (chunk >= 0 ? " (chunk " + chunk + ")" : "");
    }
}
