package dev.ringscope.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.asm.Program;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.machine.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A static i386 ELF executable becomes a mini-OS task (MiniOs.build): its PT_LOAD pages at their
 * addresses in the user region, writable only where the segment is, its entry point; and every ELF
 * the mini OS cannot run is refused with one message naming the file, what and where.
 */
class ElfLoaderTest {

    static final long PAGE = 4096;
    static final Path COMMITTED = Path.of("samples/c/nullptr.elf");

    static String run(byte[] elf, Path dir) throws Exception {
        Path file = dir.resolve("prog.elf");
        Files.write(file, elf);
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(MiniOs.build(file, Map.of()).bytes());
        RunResult r = m.run(20_000_000);
        return m.console() + "[" + r.reason() + " " + r.exitValue() + "]";
    }

    @Test
    void aProgramLinkedAtLdsDefaultAddressRunsAtIt(@TempDir Path dir) throws Exception {
        assertEquals("minios: starting 1 user task\nminios: all tasks exited, exit value 7\n[EXIT 7]",
                run(TestElf.exit7().bytes(), dir));
    }

    @Test
    void bssIsZeroAndTheDataSegmentWritableTheCodeNot(@TempDir Path dir) throws Exception {
        // 0x08048000 r-x: mov eax, [0x08049ff0] (bss, must be 0); mov [0x08049ff0], 5 (writable);
        // mov ebx, [0x08049ff0]; add ebx, eax; exit(ebx) = 5; then a write to the code page faults
        byte[] code = {(byte) 0xA1, (byte) 0xF0, (byte) 0x9F, 0x04, 0x08,
                (byte) 0xC7, 0x05, (byte) 0xF0, (byte) 0x9F, 0x04, 0x08, 5, 0, 0, 0,
                (byte) 0x8B, 0x1D, (byte) 0xF0, (byte) 0x9F, 0x04, 0x08, 0x01, (byte) 0xC3,
                (byte) 0xC6, 0x05, 0x00, (byte) 0x80, 0x04, 0x08, 0x00, // mov byte [0x08048000], 0
                (byte) 0xB8, 0, 0, 0, 0, (byte) 0xCD, (byte) 0x80};
        TestElf bss = TestElf.exit7().clearSegments()
                .add(TestElf.Phdr.load(0x08048000, code.length, 5, code))
                .add(TestElf.Phdr.load(0x08049000, 2 * PAGE, 6, new byte[] {1, 2, 3}));
        assertEquals("minios: starting 1 user task\ntask 1 killed: page fault at 0x08048000 (write, user, protection)\n"
                + "minios: all tasks exited, exit value 255\n[EXIT 255]", run(bss.bytes(), dir));
    }

    @Test
    void theLargestImageRunsAndOneMorePageIsTooBig(@TempDir Path dir) throws Exception {
        int max = 192;
        TestElf largest = TestElf.exit7().add(TestElf.Phdr.load(0x08100000, (max - 1) * PAGE, 6, new byte[0]));
        assertEquals("minios: starting 1 user task\nminios: all tasks exited, exit value 7\n[EXIT 7]",
                run(largest.bytes(), dir));
        TestElf tooBig = TestElf.exit7().add(TestElf.Phdr.load(0x08100000, max * PAGE, 6, new byte[0]));
        ElfException e = assertThrows(ElfException.class, () -> run(tooBig.bytes(), dir));
        assertEquals(dir.resolve("prog.elf") + ": an image too big: its segments take 193 pages (772 KiB) in memory; "
                + "the mini OS has room for 192 pages (768 KiB) per program", e.getMessage());
    }

    @Test
    void theUserRegionIsTheKernelsAndHoldsLdsDefault() throws Exception {
        Program kernel = MiniOs.build(COMMITTED, Map.of());
        long start = kernel.symbol("USER_REGION");
        long end = kernel.symbol("USER_REGION_END");
        assertEquals(0x08000000L, start);
        assertEquals(0x08400000L, end);
        assertTrue(start <= 0x08048000L && 0x08048000L < end, "ld -m elf_i386 links at 0x08048000");
    }

    static byte[] committed() throws Exception {
        return Files.readAllBytes(COMMITTED);
    }

    static byte[] with(byte[] bytes, int at, int... values) {
        byte[] copy = bytes.clone();
        for (int i = 0; i < values.length; i++) {
            copy[at + i] = (byte) values[i];
        }
        return copy;
    }

    /** Each bad file, and what its one message must say (after "FILE: "). */
    static Stream<Arguments> refused() throws Exception {
        byte[] good = committed();
        int phoff = 52;
        int firstSegmentEnd = ElfFile.read(COMMITTED).segments().get(0).data().length; // p_offset 0
        return Stream.of(
                Arguments.of("not ELF", "hello world\n".getBytes(), "not an ELF file: it does not start with 0x7F 'E' 'L' 'F'"),
                Arguments.of("empty", new byte[0], "not an ELF file"),
                Arguments.of("64-bit", TestElf.exit7().elfClass(2).bytes(),
                        "a 64-bit ELF file (e_ident[EI_CLASS] = ELFCLASS64)"),
                Arguments.of("x86-64 machine", TestElf.exit7().machine(62).bytes(), "e_machine is 62 (x86-64), not EM_386"),
                Arguments.of("object file", TestElf.exit7().type(1).bytes(), "an object file (e_type = ET_REL)"),
                Arguments.of("PIE", TestElf.exit7().type(3).bytes(), "(e_type = ET_DYN)"),
                Arguments.of("PT_INTERP", TestElf.exit7().add(new TestElf.Phdr(3, 0x08048100, 19, 4,
                        "/lib/ld-linux.so.2\0".getBytes())).bytes(),
                        "program header 1 is PT_INTERP (it asks for the dynamic linker /lib/ld-linux.so.2): a dynamically "
                                + "linked program"),
                Arguments.of("PT_DYNAMIC", TestElf.exit7().add(new TestElf.Phdr(2, 0x08048100, 8, 6, new byte[8])).bytes(),
                        "program header 1 is PT_DYNAMIC: a dynamically linked program"),
                Arguments.of("PT_TLS", TestElf.exit7().add(new TestElf.Phdr(7, 0x08049000, 4, 4, new byte[4])).bytes(),
                        "program header 1 is PT_TLS: thread-local storage"),
                Arguments.of("below the region", TestElf.exit7().clearSegments().entry(0x00200000)
                        .add(TestElf.Phdr.load(0x00200000, 12, 5, TestElf.EXIT_7)).bytes(),
                        "segment 0 (PT_LOAD, p_vaddr 0x00200000, p_memsz 0xC, r-x) lies outside the user region "
                                + "0x08000000-0x083FFFFF"),
                Arguments.of("past the region", TestElf.exit7().add(TestElf.Phdr.load(0x083FF000, 2 * PAGE, 6, new byte[0]))
                        .bytes(), "segment 1 (PT_LOAD, p_vaddr 0x083FF000, p_memsz 0x2000, rw-) lies outside the user region"),
                Arguments.of("entry in data", TestElf.exit7().entry(0x08049000)
                        .add(TestElf.Phdr.load(0x08049000, 16, 6, new byte[16])).bytes(),
                        "e_entry 0x08049000 is not in an executable PT_LOAD segment"),
                Arguments.of("cut in the header", Arrays.copyOf(good, 40), "truncated: the ELF header needs 52 bytes, the file has 40"),
                Arguments.of("cut in the program headers", Arrays.copyOf(good, phoff + 40),
                        "truncated: the program header table (e_phoff 0x34, 2 entries of 32 bytes) runs past the end of the file"),
                Arguments.of("cut in a segment", Arrays.copyOf(good, firstSegmentEnd - 16),
                        "truncated: segment 0 (PT_LOAD at p_vaddr 0x08048000) has p_offset 0x0 + p_filesz 0x"
                                + Integer.toHexString(firstSegmentEnd).toUpperCase()),
                Arguments.of("cut in the section headers", Arrays.copyOf(good, good.length - 20),
                        "truncated: the section header table"),
                Arguments.of("big-endian", with(TestElf.exit7().bytes(), 5, 2), "not little-endian"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void whatTheMiniOsCannotRunIsRefusedWithOneMessage(String what, byte[] bytes, String message, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("bad.elf");
        Files.write(file, bytes);
        ElfException e = assertThrows(ElfException.class, () -> MiniOs.build(file, Map.of()), what);
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    @Test
    void anElfIsKnownByItsMagicWhateverItsName(@TempDir Path dir) throws Exception {
        Path noExtension = dir.resolve("a.out");
        Files.write(noExtension, TestElf.exit7().bytes());
        assertTrue(MiniOs.isUserProgram(noExtension));
        assertEquals(List.of(), MiniOs.build(noExtension, Map.of()).warnings());
    }
}
