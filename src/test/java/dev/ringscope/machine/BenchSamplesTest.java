package dev.ringscope.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.testing.Expectations;
import dev.ringscope.testing.Nasm;
import dev.ringscope.testing.Qemu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The nanobenchmarks in samples/bench (Adams &amp; Agesen, ASPLOS 2006, §6.4) print exactly what their
 * {@code ; expect:} lines say — here, deterministically, and on QEMU where it is installed — and our
 * assembler builds them into NASM's image, byte for byte.
 */
class BenchSamplesTest {

    /** Programs that are not nanobenchmarks: workload.asm never ends; `bench` stops it. */
    private static final Set<String> EXCLUDED = Set.of("workload.asm");

    static Stream<Path> benchmarks() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("samples/bench"))) {
            return files.filter(p -> p.toString().endsWith(".asm"))
                    .filter(p -> !EXCLUDED.contains(p.getFileName().toString()))
                    .sorted().toList().stream();
        }
    }

    static Machine boot(Path program) throws Exception {
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(MiniOs.build(program, Map.of()).bytes());
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benchmarks")
    void printsItsExpectedOutputDeterministically(Path program) throws Exception {
        String expected = Expectations.of(program);
        Machine first = boot(program);
        RunResult a = first.run(50_000_000);
        assertEquals(expected, first.console(), program + " (" + a.message() + ")");
        assertEquals(0, a.exitValue(), program + " exits with 0 when every iteration checked out");
        Machine second = boot(program);
        RunResult b = second.run(50_000_000);
        assertEquals(a, b, "a second run must be identical");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benchmarks")
    void printsTheSameOnQemu(Path program, @TempDir Path dir) throws Exception {
        assumeTrue(Qemu.available(), "qemu-system-i386 is not installed");
        byte[] image = MiniOs.build(program, Map.of()).bytes();
        assertEquals(Expectations.of(program), Qemu.boot(image, dir, 30), program.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benchmarks")
    void assemblesLikeNasm(Path program, @TempDir Path dir) throws Exception {
        assumeTrue(Nasm.available(), "nasm is not installed");
        byte[] ours = MiniOs.build(program, Map.of()).bytes();
        String define = "\"../bench/" + program.getFileName() + "\"";
        byte[] theirs = Nasm.assembleFile(Path.of("samples/minios/kernel.asm"), dir.resolve("img.bin"),
                "-I" + Path.of("samples/user").toAbsolutePath() + "/", "-dUSER_PROGRAM=" + define);
        assertArrayEquals(theirs, ours, program.toString());
    }
}
