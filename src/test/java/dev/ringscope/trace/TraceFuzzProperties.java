package dev.ringscope.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random and damaged input to both trace readers: whatever the bytes, reading ends (a few seconds for
 * all tries) with events, problems that say where, or a {@link TraceFormatException} that says where —
 * never another exception.
 */
class TraceFuzzProperties {

    private static final byte[] JSONL;
    private static final byte[] COMPACT;
    private static final byte[] RECORDS;

    static {
        List<Event> events = new ArrayList<>(CompactTraceTest.typical(1500));
        List<Event> rare = new ArrayList<>();
        net.jqwik.api.Arbitrary<Event> producible = EventArbitraries.producible();
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 300; i++) {
            rare.add(producible.generator(100).next(random).value());
        }
        events.addAll(rare);
        events = EventArbitraries.renumbered(events);
        try {
            JSONL = TraceCodecTest.write(CompactTraceTest.HEADER, events);
            COMPACT = CompactTraceTest.compact(CompactTraceTest.HEADER, events);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        ChunkCoder coder = new ChunkCoder();
        ByteOut out = new ByteOut(1 << 16);
        for (Event e : events.subList(1400, events.size())) {
            coder.write(out, e);
        }
        RECORDS = java.util.Arrays.copyOf(out.buf, out.size);
    }

    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
    }

    /** Where to damage a file: positions (as fractions of its length) and the bytes to put there. */
    @Provide
    Arbitrary<List<int[]>> damage() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(3).list().ofMinSize(1)
                .ofMaxSize(8);
    }

    @Property(tries = 200)
    void randomBytesAreNeverAnExceptionButOurs(@ForAll("noise") byte[] noise) {
        readBoth(noise);
        byte[] afterMagic = new byte[CompactFormat.MAGIC.length + noise.length];
        System.arraycopy(CompactFormat.MAGIC, 0, afterMagic, 0, CompactFormat.MAGIC.length);
        System.arraycopy(noise, 0, afterMagic, CompactFormat.MAGIC.length, noise.length);
        readBoth(afterMagic);
        byte[] afterHeader = java.util.Arrays.copyOf(COMPACT, 200 + noise.length);
        System.arraycopy(noise, 0, afterHeader, 200, noise.length);
        readBoth(afterHeader);
    }

    @Property(tries = 100)
    void damagedFilesAreNeverAnExceptionButOurs(@ForAll("damage") List<int[]> damage) throws IOException {
        readBoth(damaged(JSONL, damage));
        byte[] compact = damaged(COMPACT, damage);
        readBoth(compact);
        Path file = Files.createTempFile("fuzz", ".rstrace");
        try {
            Files.write(file, compact);
            seekAll(file);
        } finally {
            Files.delete(file);
        }
    }

    /** Recorded runs (src/test/resources/traces), not generated events: what a damaged file on disk looks like. */
    private static final List<byte[]> RECORDED = new ArrayList<>();

    static {
        for (String name : new String[] {"hostile-trap-emulate", "hostile-binary-translation", "hostile-hardware-assisted"}) {
            try {
                RECORDED.add(Files.readAllBytes(Path.of("src/test/resources/traces", name + ".rstrace")));
            } catch (IOException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    @Property(tries = 100)
    void damagedRecordedTracesAreNeverAnExceptionButOurs(@ForAll("damage") List<int[]> damage,
                                                         @ForAll @Size(max = 2) List<Integer> cuts) throws IOException {
        byte[] compact = damaged(RECORDED.get(Math.floorMod(damage.get(0)[1], RECORDED.size())), damage);
        for (int cut : cuts) {
            compact = java.util.Arrays.copyOf(compact, Math.floorMod(cut, compact.length + 1));
        }
        readBoth(compact);
        Path file = Files.createTempFile("fuzz", ".rstrace");
        try {
            Files.write(file, compact);
            seekAll(file);
        } finally {
            Files.delete(file);
        }
    }

    /** Damaged records in a chunk whose CRC is right: the record decoder itself must hold. */
    @Property(tries = 200)
    void damagedRecordsBehindAGoodCrcAreNeverAnExceptionButOurs(@ForAll("damage") List<int[]> damage,
                                                                @ForAll @Size(max = 3) List<Integer> cuts) {
        byte[] records = damaged(RECORDS, damage);
        for (int cut : cuts) {
            records = java.util.Arrays.copyOf(records, Math.floorMod(cut, records.length + 1));
        }
        readBoth(BadCompactTraceTest.framed(records, 1 + Math.floorMod(damage.get(0)[2], 400)));
    }

    private static void readBoth(byte[] file) {
        read(TraceCodec.JSON_LINES, file, "t.jsonl:");
        read(TraceCodec.COMPACT, file, "t.rstrace, byte ");
    }

    private static void read(TraceCodec codec, byte[] file, String position) {
        String source = position.substring(0, position.indexOf(position.contains(":") ? ':' : ','));
        try (TraceInput in = codec.reader(new ByteArrayInputStream(file), source)) {
            in.readAll();
            for (TraceProblem p : in.problems()) {
                assertTrue(p.toString().startsWith(position), p.toString());
            }
        } catch (TraceFormatException e) {
            assertTrue(e.getMessage().startsWith(position) || e.getMessage().startsWith(source + ": empty"),
                    e.getMessage());
        } catch (IOException e) {
            throw new AssertionError("not a TraceFormatException", e);
        }
    }

    private static void seekAll(Path file) {
        try (CompactIndex index = CompactIndex.open(file)) {
            for (int k = 0; k < index.chunkCount(); k++) {
                index.read(k, e -> { });
            }
        } catch (TraceFormatException e) {
            assertTrue(e.getMessage().startsWith(file.getFileName() + ", byte "), e.getMessage());
        } catch (IOException e) {
            throw new AssertionError("not a TraceFormatException", e);
        }
    }

    private static byte[] damaged(byte[] file, List<int[]> damage) {
        byte[] copy = file.clone();
        for (int[] d : damage) {
            copy[(int) ((long) d[0] * copy.length / (1L + Integer.MAX_VALUE))] = (byte) d[1];
        }
        return copy;
    }
}
