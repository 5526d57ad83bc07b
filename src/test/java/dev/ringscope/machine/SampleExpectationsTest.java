package dev.ringscope.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.testing.Expectations;
import dev.ringscope.testing.Qemu;
import dev.ringscope.testing.Samples;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mini-OS sample and nanobenchmark prints exactly what its {@code ; expect:} lines say — here,
 * deterministically (twice, same result), and on QEMU where it is installed.
 */
class SampleExpectationsTest {

    static Stream<Path> samples() throws IOException {
        return Samples.programs();
    }

    static Machine boot(Path program) throws Exception {
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(MiniOs.build(program, Map.of()).bytes());
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void printsItsExpectedOutputDeterministically(Path program) throws Exception {
        String expected = Expectations.of(program);
        Machine first = boot(program);
        RunResult a = first.run(50_000_000);
        assertEquals(expected, first.console(), program + " (" + a.message() + ")");
        Machine second = boot(program);
        RunResult b = second.run(50_000_000);
        assertEquals(a, b, "a second run must be identical");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void printsTheSameOnQemu(Path program, @TempDir Path dir) throws Exception {
        Qemu.require();
        byte[] image = MiniOs.build(program, Map.of()).bytes();
        assertEquals(Expectations.of(program), Qemu.boot(image, dir, 30), program.toString());
    }
}
