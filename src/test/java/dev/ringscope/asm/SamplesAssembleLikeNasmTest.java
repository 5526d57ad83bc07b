package dev.ringscope.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.testing.Nasm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The mini OS built with each user program and nanobenchmark: our assembler gives NASM's image, byte for byte. */
class SamplesAssembleLikeNasmTest {

    private static final Path KERNEL = Path.of("samples/minios/kernel.asm");

    static Stream<Path> programs() throws IOException {
        return dev.ringscope.testing.Samples.programs();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void miniOsImageEqualsNasms(Path program, @TempDir Path dir) throws Exception {
        if (program.toString().endsWith(".elf")) {
            elfImageEqualsNasms(program, dir, Map.of());
            return;
        }
        String define = "\"../" + program.getParent().getFileName() + "/" + program.getFileName() + "\"";
        Program ours = new Assembler().define("USER_PROGRAM", define).includeDirectory(Path.of("samples/user"))
                .assembleFile(KERNEL);
        assertTrue(ours.bytes().length > 4096, "a whole kernel, not a stub");
        Nasm.require();
        byte[] theirs = Nasm.assembleFile(KERNEL, dir.resolve("img.bin"), "-I" + Path.of("samples/user").toAbsolutePath()
                + "/", "-dUSER_PROGRAM=" + define);
        assertArrayEquals(theirs, ours.bytes(), program.toString());
    }

    /** The paravirtual build (arch_pv.inc) too: it is the same sources with other macro bodies. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void paravirtualImageEqualsNasms(Path program, @TempDir Path dir) throws Exception {
        if (program.toString().endsWith(".elf")) {
            elfImageEqualsNasms(program, dir, Map.of("PARAVIRT", "1"));
            return;
        }
        String define = "\"../" + program.getParent().getFileName() + "/" + program.getFileName() + "\"";
        Program ours = new Assembler().define("USER_PROGRAM", define).define("PARAVIRT", "1")
                .includeDirectory(Path.of("samples/user")).assembleFile(KERNEL);
        Nasm.require();
        byte[] theirs = Nasm.assembleFile(KERNEL, dir.resolve("img.bin"), "-I" + Path.of("samples/user").toAbsolutePath()
                + "/", "-dUSER_PROGRAM=" + define, "-dPARAVIRT=1");
        assertArrayEquals(theirs, ours.bytes(), program.toString());
    }

    /**
     * An ELF program: the source RingScope writes for it (MiniOs.elfProgramSource), given to NASM with
     * -dUSER_ELF, builds the image MiniOs.build boots.
     */
    private static void elfImageEqualsNasms(Path elf, Path dir, Map<String, String> defines) throws Exception {
        byte[] ours = MiniOs.build(elf, defines).bytes();
        assertTrue(ours.length > 4096, "a whole kernel, not a stub");
        Nasm.require();
        Path source = dir.resolve("program.asm");
        java.nio.file.Files.writeString(source, MiniOs.elfProgramSource(elf));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("-dUSER_ELF=1",
                "-dUSER_PROGRAM=\"" + source.toAbsolutePath() + "\""));
        defines.forEach((k, v) -> args.add("-d" + k + "=" + v));
        byte[] theirs = Nasm.assembleFile(KERNEL, dir.resolve("img.bin"), args.toArray(String[]::new));
        assertArrayEquals(theirs, ours, elf.toString());
    }
}
