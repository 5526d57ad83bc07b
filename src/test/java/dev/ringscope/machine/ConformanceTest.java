package dev.ringscope.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ringscope.asm.Assembler;
import dev.ringscope.testing.Expectations;
import dev.ringscope.testing.Qemu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite: small bare-metal guests (src/test/resources/conformance/*.asm), each
 * checking rules of the Intel SDM and stating its whole console output in {@code ; expect:} lines.
 * QEMU is the reference machine: every guest prints the same there and here.
 */
class ConformanceTest {

    static final Path DIR = Path.of("src/test/resources/conformance");

    static Stream<Path> guests() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".asm")).sorted().toList().stream();
        }
    }

    static byte[] image(Path guest) throws Exception {
        return new Assembler().assembleFile(guest).bytes();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guests")
    void printsWhatTheSdmAndQemuSay(Path guest) throws Exception {
        Machine machine = new Machine(MachineOptions.defaults());
        machine.boot(image(guest));
        RunResult result = machine.run(10_000_000);
        assertEquals(Expectations.of(guest), machine.console(), guest + " (" + result.message() + ")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guests")
    void printsTheSameOnQemu(Path guest, @TempDir Path dir) throws Exception {
        Qemu.require();
        assertEquals(Expectations.of(guest), Qemu.boot(image(guest), dir, 30), guest.toString());
    }
}
