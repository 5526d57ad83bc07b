package dev.ringscope.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.testing.Expectations;
import dev.ringscope.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C samples (samples/c): the committed ELF files are what samples/c/build.sh makes of the sources
 * (byte for byte with the toolchain they were built with, built-with.txt; else they run the same),
 * and a program linked with ld's default script, or with a script that puts everything in one
 * segment, runs as the shipped one does. These need gcc -m32 and ld; where either is missing they are
 * skipped. What every committed ELF prints, natively, on QEMU and under every technique, is checked
 * with the other samples (testing/Samples: SampleExpectationsTest, EquivalenceMatrixTest).
 */
class CProgramsTest {

    static final Path C = Path.of("samples/c");

    static String console(Path elf) throws Exception {
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(MiniOs.build(elf, Map.of()).bytes());
        m.run(50_000_000);
        return m.console();
    }

    static boolean gcc() {
        try {
            Process p = new ProcessBuilder("gcc", "-m32", "-x", "c", "-c", "-o", "/dev/null", "-")
                    .redirectErrorStream(true).start();
            p.getOutputStream().write("int x;".getBytes());
            p.getOutputStream().close();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static String sh(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ":\n" + out);
        return out;
    }

    /** samples/c copied to {@code dir}, sources only. */
    static Path sources(Path dir) throws IOException {
        try (var files = Files.list(C)) {
            for (Path f : files.filter(f -> !f.toString().endsWith(".elf")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    @Test
    void buildShRebuildsTheCommittedElfFiles(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(gcc(), "gcc -m32 is not installed");
        Path copy = sources(dir);
        String committedWith = Files.readString(C.resolve("built-with.txt"));
        sh(copy, "bash", "build.sh");
        boolean sameTools = committedWith.equals(Files.readString(copy.resolve("built-with.txt")));
        List<Path> elfs = Samples.elfFiles();
        assertTrue(elfs.size() >= 6, "five programs and the workload: " + elfs);
        for (Path committed : elfs) {
            Path rebuilt = copy.resolve(committed.getFileName());
            if (sameTools) {
                assertArrayEquals(Files.readAllBytes(committed), Files.readAllBytes(rebuilt),
                        committed + " is what build.sh makes of its source (" + committedWith.strip() + ")");
            } else if (!committed.getFileName().toString().equals("workload.elf")) {
                assertEquals(console(committed), console(rebuilt), committed + " rebuilt by another toolchain");
            }
        }
    }

    /** crt0, the runtime and preempt.c (two tasks: task2 found by its symbol) as .o files in {@code dir}. */
    static List<String> objects(Path dir) throws Exception {
        sources(dir);
        List<String> objects = new ArrayList<>();
        for (String src : List.of("crt0.S", "runtime.c", "preempt.c")) {
            String o = src.replaceAll("\\.[cS]$", ".o");
            sh(dir, "gcc", "-m32", "-march=i686", "-O2", "-ffreestanding", "-fno-pie", "-fno-stack-protector",
                    "-fcf-protection=none", "-fno-asynchronous-unwind-tables", "-mgeneral-regs-only", "-c", src, "-o", o);
            objects.add(o);
        }
        return objects;
    }

    @Test
    void aProgramLinkedWithLdsDefaultScriptRuns(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(gcc(), "gcc -m32 is not installed");
        List<String> cmd = new ArrayList<>(List.of("ld", "-m", "elf_i386", "-o", "default.elf"));
        cmd.addAll(objects(dir));
        sh(dir, cmd.toArray(String[]::new));
        ElfFile elf = ElfFile.read(dir.resolve("default.elf"));
        assertTrue(elf.segments().size() >= 3, "ld's default: headers, code, constants and data apart");
        assertEquals(0x08048000L, elf.segments().get(0).vaddr(), "at ld's default address");
        assertEquals(Expectations.of(C.resolve("preempt.elf")), console(dir.resolve("default.elf")));
    }

    @Test
    void aProgramLinkedAsOneSegmentRuns(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(gcc(), "gcc -m32 is not installed");
        Files.writeString(dir.resolve("one.ld"), """
                ENTRY(_start)
                PHDRS { all PT_LOAD FILEHDR PHDRS FLAGS(7); }
                SECTIONS {
                    . = 0x08048000 + SIZEOF_HEADERS;
                    .all : { *(.text*) *(.rodata*) *(.data*) *(.bss*) *(COMMON) } :all
                    /DISCARD/ : { *(.note*) *(.comment) *(.eh_frame*) }
                }
                """);
        List<String> cmd = new ArrayList<>(List.of("ld", "-m", "elf_i386", "-T", "one.ld", "-o", "one.elf"));
        cmd.addAll(objects(dir));
        sh(dir, cmd.toArray(String[]::new));
        ElfFile elf = ElfFile.read(dir.resolve("one.elf"));
        assertEquals(1, elf.segments().size());
        assertEquals("rwx", elf.segments().get(0).permissions());
        assertEquals(Expectations.of(C.resolve("preempt.elf")), console(dir.resolve("one.elf")));
    }
}
