package dev.ringscope.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loading a trace file with progress, as the app does in the background: told as it goes, stopped when asked. */
class TraceLoadingProgressTest {

    private static Path write(Path dir, String name, int events) throws IOException {
        Path file = dir.resolve(name);
        TraceHeader header = TraceHeader.of("typical", "native", "x86", "2006", RingOccupancy.NATIVE, Map.of());
        TypicalRun run = new TypicalRun(7);
        try (OutputStream out = Files.newOutputStream(file);
             TraceOutput w = TraceCodec.forFile(file).writer(out, header)) {
            for (int i = 0; i < events; i++) {
                w.accept(run.next());
            }
        }
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"t.rstrace", "t.jsonl"})
    void progressRisesToTheFileSizeAndTheTraceIsWhole(String name, @TempDir Path dir) throws IOException {
        Path file = write(dir, name, 400_000);
        long size = Files.size(file);
        List<long[]> told = new ArrayList<>();
        LoadedTrace loaded = Traces.load(file, (bytes, of) -> told.add(new long[] {bytes, of}));
        assertEquals(400_000, loaded.trace().size());
        assertTrue(told.size() >= 3, "told " + told.size() + " times for " + size + " bytes");
        for (int i = 1; i < told.size(); i++) {
            assertTrue(told.get(i)[0] >= told.get(i - 1)[0], "never backwards");
            assertEquals(size, told.get(i)[1]);
        }
        assertEquals(size, told.get(told.size() - 1)[0], "the last word is the whole file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"t.rstrace", "t.jsonl"})
    void falseFromTheProgressStopsTheLoading(String name, @TempDir Path dir) throws IOException {
        Path file = write(dir, name, 400_000);
        List<Long> told = new ArrayList<>();
        Traces.Cancelled c = assertThrows(Traces.Cancelled.class, () -> Traces.load(file, (bytes, of) -> {
            told.add(bytes);
            return bytes < of / 3;
        }));
        assertTrue(c.getMessage().contains(name), c.getMessage());
        assertTrue(told.get(told.size() - 1) < Files.size(file), "it stopped before the end: " + told);
    }
}
