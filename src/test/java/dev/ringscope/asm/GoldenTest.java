package dev.ringscope.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.testing.Nasm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden/*.asm assembles to the bytes NASM produced for it (golden/*.bin, committed), and —
 * where nasm is installed — to what NASM produces now.
 */
class GoldenTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden");

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files.filter(p -> p.toString().endsWith(".asm")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void assemblesToTheCommittedNasmBytes(Path source) throws Exception {
        Path expected = Path.of(source.toString().replaceAll("\\.asm$", ".bin"));
        assertTrue(Files.exists(expected), "no golden binary for " + source);
        byte[] ours = new Assembler().assembleFile(source).bytes();
        assertArrayEquals(Files.readAllBytes(expected), ours, source.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void assemblesToWhatNasmProducesNow(Path source, @TempDir Path dir) throws Exception {
        Nasm.require();
        byte[] theirs = Nasm.assembleFile(source, dir.resolve("out.bin"));
        assertArrayEquals(theirs, new Assembler().assembleFile(source).bytes(), source.toString());
    }
}
