package dev.ringscope.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.isa.Decoded;
import dev.ringscope.isa.Decoder;
import dev.ringscope.isa.Instruction;
import dev.ringscope.isa.Mnemonic;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Every program gcc -m32 emits from ordinary integer C runs" (issue 15): ordinary C programs
 * (src/test/resources/cprograms: string functions, hashes, sorting, a switch-heavy tokenizer, 64-bit
 * arithmetic, bit tricks) are built with gcc -m32 at -O0, -O2 and -O2 tuned generic against samples/c's runtime, run as
 * mini-OS user programs interpreted and with compiled blocks, and must print what the same source
 * prints when built for the host (x86-64 Linux, with linux-shim.h in place of ringscope.h: the same
 * printf, write and exit to Linux). Needs gcc with -m32 and a host C library; skipped without.
 */
class GccProgramsTest {

    static final Path PROGRAMS = Path.of("src/test/resources/cprograms");
    static final List<String> FLAGS = List.of("-m32", "-march=i686", "-ffreestanding", "-nostdlib", "-static",
            "-fno-pie", "-no-pie", "-fno-stack-protector", "-fcf-protection=none", "-fno-asynchronous-unwind-tables",
            "-mgeneral-regs-only", "-Wall", "-Wextra", "-Werror", "-Wl,-T,ringscope.ld", "-Wl,--build-id=none");

    static List<String> programs() throws Exception {
        try (Stream<Path> files = Files.list(PROGRAMS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c"))
                    .map(n -> n.substring(0, n.length() - 2)).sorted().toList();
        }
    }

    /** What a run of {@code elf} printed, without the mini OS's own lines. */
    static String run(Path elf, boolean compiled) throws Exception {
        Machine m = new Machine(MachineOptions.defaults().withCompileBlocks(compiled));
        m.boot(MiniOs.build(elf, Map.of()).bytes());
        m.run(200_000_000);
        String console = m.console();
        assertTrue(console.contains("minios: all tasks exited, exit value 0"), elf + " ends with exit 0:\n" + console);
        return console.lines().filter(l -> !l.startsWith("minios:")).map(l -> l + "\n").collect(Collectors.joining());
    }

    @Test
    void ordinaryCProgramsPrintWhatTheyPrintOnTheHost(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(CProgramsTest.gcc(), "gcc -m32 is not installed");
        Path i386 = Files.createDirectory(dir.resolve("i386"));
        Path host = Files.createDirectory(dir.resolve("host"));
        for (String f : List.of("crt0.S", "runtime.c", "ringscope.h", "ringscope.ld")) {
            Files.copy(CProgramsTest.C.resolve(f), i386.resolve(f));
        }
        Files.copy(CProgramsTest.C.resolve("runtime.c"), host.resolve("runtime.c"));
        Files.copy(PROGRAMS.resolve("linux-shim.h"), host.resolve("ringscope.h"));
        Set<String> seen = new TreeSet<>();
        List<String> programs = programs();
        assertTrue(programs.size() >= 6, "the programs: " + programs);
        for (String name : programs) {
            Files.copy(PROGRAMS.resolve(name + ".c"), i386.resolve(name + ".c"));
            Files.copy(PROGRAMS.resolve(name + ".c"), host.resolve(name + ".c"));
            CProgramsTest.sh(host, "gcc", "-O1", "-fno-builtin", "-w", "-o", name, "runtime.c", name + ".c");
            String expected = CProgramsTest.sh(host, "./" + name);
            // -mtune=generic is what a plain gcc -m32 -O2 tunes for: it writes rep bsf (TZCNT's bytes)
            for (String level : List.of("-O0", "-O2", "-O2 -mtune=generic")) {
                Path elf = i386.resolve(name + level.replace(" ", "") + ".elf");
                List<String> cmd = new ArrayList<>(List.of("gcc"));
                cmd.addAll(FLAGS);
                cmd.addAll(List.of(level.split(" ")));
                cmd.addAll(List.of("-o", elf.getFileName().toString(), "crt0.S", "runtime.c", name + ".c"));
                CProgramsTest.sh(i386, cmd.toArray(String[]::new));
                seen.addAll(instructions(elf));
                assertEquals(expected, run(elf, false), name + " " + level + " interpreted");
                assertEquals(expected, run(elf, true), name + " " + level + " with compiled blocks");
            }
        }
        // the point of the exercise: gcc wrote the P6 instructions, and they ran
        Set<String> wanted = new TreeSet<>(List.of("sete", "setne", "cmovl", "cmovg", "bsf", "rep bsf", "bsr", "bswap",
                "shld", "shrd", "adc", "sbb", "movzx", "imul", "xadd", "cmpxchg", "cmpxchg8b"));
        wanted.removeAll(seen);
        assertTrue(wanted.isEmpty(), "gcc did not write " + wanted + "; it wrote " + seen);
    }

    /** The mnemonics (and "rep bsf") of every function of {@code elf}; none may be invalid. */
    static Set<String> instructions(Path elf) throws Exception {
        ElfFile file = ElfFile.read(elf);
        ElfFile.Segment text = file.segments().stream().filter(ElfFile.Segment::executable).findFirst().orElseThrow();
        Set<String> seen = new TreeSet<>();
        for (ElfFile.Symbol f : file.symbols()) {
            if (!f.function() || f.size() == 0) {
                continue;
            }
            long at = f.value();
            while (at < f.value() + f.size()) {
                Decoded d = Decoder.decode(text.data(), (int) (at - text.vaddr()), at);
                assertTrue(d.isValid(), elf + ": " + f.name() + "+0x" + Long.toHexString(at - f.value()) + ": "
                        + d.error());
                Mnemonic m = d.instruction().mnemonic();
                boolean rep = d.instruction().prefix() == Instruction.Prefix.REP && m == Mnemonic.BSF;
                seen.add(rep ? "rep bsf" : m.lowerName());
                at += d.length();
            }
        }
        return seen;
    }
}
