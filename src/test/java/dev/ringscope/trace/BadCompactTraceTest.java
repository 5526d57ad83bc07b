package dev.ringscope.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged .rstrace file loads what it can and says, by byte offset and chunk, what it could not. */
class BadCompactTraceTest {

    private static final int EVENTS = 100_000; // four chunks
    private static final List<Event> TYPICAL = CompactTraceTest.typical(EVENTS);
    private static final byte[] FILE = write(TYPICAL);

    @Test
    void notACompactTraceAtAllIsAnErrorAtByteZero() {
        assertRefused("t.rstrace, byte 0: empty; a .rstrace trace starts with its magic bytes", new byte[0]);
        assertRefused("t.rstrace, byte 0: not a RingScope trace: it does not start with the .rstrace magic bytes",
                "PK\u0003\u0004 a zip".getBytes());
        assertRefused("t.rstrace, byte 0: not a RingScope trace: it does not start with the .rstrace magic bytes "
                + "(it looks like JSON Lines: name it .jsonl)", TraceReaderTest.HEADER_V2.getBytes());
        assertRefused("t.rstrace, byte 10: not a RingScope trace: the file ends inside its header",
                Arrays.copyOf(FILE, 10));
        assertRefused("t.rstrace, byte 16: not a RingScope trace: the header block is not a trace header: it is cut short",
                Arrays.copyOf(FILE, 40));
    }

    @Test
    void aNewerOrUnknownVersionIsRefusedNamingIt() {
        assertRefused("t.rstrace, byte 8: .rstrace format version 2 is newer than this RingScope reads (up to 1); "
                + "open it with a newer RingScope", patch(FILE, 8, 2, 0));
        assertRefused("t.rstrace, byte 8: .rstrace format version 0 is not valid", patch(FILE, 8, 0, 0));
        assertRefused("t.rstrace, byte 10: unknown format flags 0x1; open it with a newer RingScope", patch(FILE, 10, 1));
        assertRefused("t.rstrace, byte 12: a header of 4294967295 bytes; a trace header is at most 1048576",
                patch(FILE, 12, 0xFF, 0xFF, 0xFF, 0xFF));
    }

    @Test
    void aDamagedChunkIsSkippedAndTheChunksAfterItLoad() throws IOException {
        long second = chunkOffset(1);
        LoadedTrace loaded = load(patch(FILE, (int) second + 40, FILE[(int) second + 40] ^ 0x55));
        assertEquals(List.of("t.rstrace, byte " + second + " (chunk 1): it is damaged (its CRC-32 does not match); "
                        + "its 32768 events were dropped",
                "t.rstrace, byte " + chunkOffset(2) + " (chunk 2): its events 65536… loaded as 32768… (events above "
                        + "were dropped)"),
                TraceReaderTest.strings(loaded.problems()));
        assertEquals(EVENTS - 32768, loaded.trace().size());
        assertEquals(32768, loaded.droppedLines());
        assertTrue(Events.equal(Events.withSeq(TYPICAL.get(65536), 32768), loaded.trace().get(32768)));
    }

    @Test
    void aFileCutShortLoadsItsWholeChunks() throws IOException {
        long third = chunkOffset(2);
        LoadedTrace cutInChunk = load(Arrays.copyOf(FILE, (int) third + 100));
        assertEquals(List.of("t.rstrace, byte " + third + " (chunk 2): the file ends inside the chunk (it was cut short); "
                + "its 32768 events were dropped"), TraceReaderTest.strings(cutInChunk.problems()));
        assertEquals(65536, cutInChunk.trace().size());

        LoadedTrace cutAfterChunk = load(Arrays.copyOf(FILE, (int) third));
        assertEquals(List.of("t.rstrace, byte " + third + ": the file ends after 2 chunks without an index (it was cut "
                + "short, as when a run is stopped while writing); the chunks before were loaded"),
                TraceReaderTest.strings(cutAfterChunk.problems()));
        assertEquals(65536, cutAfterChunk.trace().size());
    }

    @Test
    void aBadIndexIsReportedOnLoadingAndRefusedForSeeking(@TempDir Path dir) throws IOException {
        byte[] damaged = patch(FILE, (int) indexOffset() + 6, FILE[(int) indexOffset() + 6] ^ 1);
        LoadedTrace loaded = load(damaged);
        assertEquals(EVENTS, loaded.trace().size(), "the events are all there; only the index is wrong");
        assertEquals(1, loaded.problemCount());
        assertTrue(loaded.problems().get(0).toString().startsWith("t.rstrace, byte " + indexOffset()
                + ": bad index: its entry for chunk 0"), loaded.problems().toString());

        Path file = dir.resolve("t.rstrace");
        Files.write(file, damaged);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> CompactIndex.open(file));
        assertEquals("t.rstrace, byte " + indexOffset() + ": bad index: the index is damaged (its CRC-32 does not match)",
                e.getMessage());
        Files.write(file, Arrays.copyOf(FILE, FILE.length - 1));
        e = assertThrows(TraceFormatException.class, () -> CompactIndex.open(file));
        assertTrue(e.getMessage().endsWith(": bad index: the file does not end with an index trailer (it was cut short "
                + "or damaged); it can be loaded, not seeked in"), e.getMessage());
    }

    @Test
    void aChunkHeaderThatCannotBeTrustedStopsReadingThere() throws IOException {
        long second = chunkOffset(1);
        LoadedTrace loaded = load(patch(FILE, (int) second + 1, 0xFF, 0xFF, 0xFF, 0x7F));
        assertEquals(List.of("t.rstrace, byte " + second + " (chunk 1): its header gives a compressed length of "
                + "2147483647 bytes; the rest of the file was not read"), TraceReaderTest.strings(loaded.problems()));
        assertEquals(32768, loaded.trace().size());
    }

    @Test
    void aRingOfSevenOrACplOfFourIsReportedWithItsChunk() throws IOException {
        List<Event> events = List.of(new Event.VmEntry(0, 1, true, 0),
                new Event.RingTransition(1, 2, 3, 7, Party.GUEST_USER, Party.GUEST_KERNEL, Cause.SYSTEM_CALL, 128, "x"),
                new Event.VmEntry(2, 3, false, 0));
        LoadedTrace loaded = load(write(events));
        long at = CompactFormat.FILE_HEADER_BYTES + HeaderJson.toBytes(CompactTraceTest.HEADER).length;
        assertEquals(List.of("t.rstrace, byte " + at + " (chunk 0): record at byte 6 of its records: ringTransition: "
                + "field 'toRing' is 7; rings are -1 to 3; its last 2 events were dropped"),
                TraceReaderTest.strings(loaded.problems()));
        assertEquals(1, loaded.trace().size());

        LoadedTrace cpl = load(write(List.of(new Event.InstructionRetired(0, 1, 0, 4, new byte[] {(byte) 0x90}))));
        assertTrue(cpl.problems().get(0).toString().endsWith("(chunk 0): record at byte 0 of its records: cpl 4; "
                + "the CPL is 0 to 3; its 1 events were dropped"), cpl.problems().toString());
    }

    @Test
    void aStringThatIsNotUtf8IsReportedWithItsChunk() throws IOException {
        // a string definition of the bytes C3 28, then consoleOutput (tag 16) with port 233 and that string
        byte[] records = {0, 4, (byte) 0xC3, 0x28, 16, (byte) 0xD2, 0x03, 0};
        LoadedTrace loaded = load(framed(records, 1)); // a chunk, and no index after it
        assertEquals(2, loaded.problemCount());
        assertTrue(loaded.problems().get(0).toString().endsWith("(chunk 0): record at byte 0 of its records: string 0 "
                + "is not UTF-8; its 1 events were dropped"), loaded.problems().toString());

        records[2] = 'o';
        records[3] = 'k';
        LoadedTrace good = load(framed(records, 1));
        assertEquals(new Event.ConsoleOutput(0, 0, 233, "ok"), good.trace().get(0));
    }

    @Test
    void aTwentyGigabyteJsonLinesFileIsRefusedBeforeReadingWithItsSize(@TempDir Path dir) throws IOException {
        Path file = sparse(dir.resolve("huge.jsonl"), (TraceReaderTest.HEADER_V2 + "\n").getBytes());
        long t0 = System.nanoTime();
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> Traces.load(file, 1L << 30));
        assertEquals("huge.jsonl: too large to open: 20.0 GB, up to 313 million events, which would take about "
                + "6.3 GB of memory, and this Java may use 1.1 GB. Give Java more memory (java -Xmx…), or convert or "
                + "cut the file with 'ringscope trace convert', which reads it a part at a time.", e.getMessage());
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "refused without reading");
    }

    @Test
    void aCompactFileIsRefusedByTheEventsItHoldsAndAHugeOneStreamsToItsEnd(@TempDir Path dir) throws IOException {
        Path small = dir.resolve("small.rstrace");
        Files.write(small, FILE);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> Traces.load(small, 1L << 20));
        assertTrue(e.getMessage().startsWith("small.rstrace: too large to open: 1 MB, up to 100,000 events, which "
                + "would take about 2 MB of memory"), e.getMessage());
        Path cut = dir.resolve("cut.rstrace"); // no index: its chunk headers are added up
        Files.write(cut, Arrays.copyOf(FILE, (int) chunkOffset(3)));
        e = assertThrows(TraceFormatException.class, () -> Traces.load(cut, 1L << 20));
        assertTrue(e.getMessage().contains("up to 98,304 events"), e.getMessage());

        Path huge = sparse(dir.resolve("huge.rstrace"), FILE); // a whole trace, then 20 GB of zeros
        long t0 = System.nanoTime();
        LoadedTrace loaded = Traces.load(huge, 1L << 30);
        assertEquals(EVENTS, loaded.trace().size());
        assertEquals(List.of("huge.rstrace, byte " + FILE.length + ": the file goes on after its trailer; the rest "
                + "was ignored"), TraceReaderTest.strings(loaded.problems()));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "the zeros are not read");
    }

    /** {@code start}, then zeros up to 20 GB that take no disk. */
    private static Path sparse(Path file, byte[] start) throws IOException {
        Files.write(file, start);
        try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(20_000_000_000L);
        }
        return file;
    }

    // ---- helpers ------------------------------------------------------------------------------

    static byte[] write(List<Event> events) {
        try {
            return CompactTraceTest.compact(CompactTraceTest.HEADER, events);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static LoadedTrace load(byte[] file) throws IOException {
        return CompactTraceTest.load(file);
    }

    private static void assertRefused(String message, byte[] file) {
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> load(file));
        assertEquals(message, e.getMessage());
    }

    private static byte[] patch(byte[] file, int at, int... bytes) {
        byte[] copy = file.clone();
        for (int i = 0; i < bytes.length; i++) {
            copy[at + i] = (byte) bytes[i];
        }
        return copy;
    }

    private static ByteBuffer trailer() {
        return ByteBuffer.wrap(FILE, FILE.length - CompactFormat.TRAILER_BYTES, CompactFormat.TRAILER_BYTES).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long indexOffset() {
        return trailer().getLong(0);
    }

    private static long chunkOffset(int chunk) {
        return ByteBuffer.wrap(FILE).order(ByteOrder.LITTLE_ENDIAN)
                .getLong((int) indexOffset() + 5 + chunk * CompactFormat.INDEX_ENTRY_BYTES);
    }

    /** A file of one chunk holding {@code records} as they are, with a correct CRC, and no index. */
    static byte[] framed(byte[] records, int events) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        deflater.setInput(records);
        deflater.finish();
        byte[] compressed = new byte[records.length * 2 + 64];
        int length = deflater.deflate(compressed);
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(compressed, 0, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(CompactFormat.fileHeader(CompactTraceTest.HEADER));
        ByteBuffer head = ByteBuffer.allocate(CompactFormat.CHUNK_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        head.put(CompactFormat.CHUNK_MARK).putInt(length).putInt(records.length).putInt(events)
                .putInt((int) crc.getValue());
        out.writeBytes(head.array());
        out.write(compressed, 0, length);
        return out.toByteArray();
    }
}
