package dev.ringscope.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
        assertEquals(List.of("t.rstrace, byte " + at + " (chunk 0): record at byte 7 of its records: ringTransition: "
                + "field 'toRing' is 7; rings are -1 to 3; its last 2 events were dropped"),
                TraceReaderTest.strings(loaded.problems()));
        assertEquals(1, loaded.trace().size());

        LoadedTrace cpl = load(write(List.of(new Event.InstructionRetired(0, 1, 0, 4, new byte[] {(byte) 0x90}))));
        assertTrue(cpl.problems().get(0).toString().endsWith("(chunk 0): record at byte 0 of its records: cpl 4; "
                + "the CPL is 0 to 3; its 1 events were dropped"), cpl.problems().toString());
    }

    @Test
    void aFileTooLargeForMemoryIsRefusedBeforeReadingWithItsSize(@TempDir Path dir) throws IOException {
        for (String name : new String[] {"huge.rstrace", "huge.jsonl"}) {
            Path file = dir.resolve(name);
            byte[] start = name.endsWith(".rstrace") ? Arrays.copyOf(FILE, 4096)
                    : (TraceReaderTest.HEADER_V2 + "\n").getBytes();
            Files.write(file, start);
            try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(20_000_000_000L); // sparse: takes no disk
            }
            long t0 = System.nanoTime();
            TraceFormatException e = assertThrows(TraceFormatException.class, () -> Traces.load(file, 1L << 30));
            assertTrue(e.getMessage().startsWith(name + ": too large to open: 20.0 GB, up to "), e.getMessage());
            assertTrue(e.getMessage().contains("and this Java may use 1.1 GB. Give Java more memory"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "refused without reading");
            Files.delete(file);
        }
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
}
