package dev.ringscope.asm;

import dev.ringscope.elf.ElfException;
import dev.ringscope.elf.ElfFile;
import dev.ringscope.elf.ElfImage;
import dev.ringscope.isa.Disassembler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A static i386 ELF executable as a mini-OS user program. The kernel, built with {@code -dUSER_ELF},
 * takes the program as ordinary source — the pages of its PT_LOAD segments as {@code db} lines, a
 * table saying where each page goes ({@code USER_ELF_PAGES}) and {@code user_main equ e_entry} — so
 * an ELF program becomes task 1 exactly as an assembled one does, and NASM builds the same image for
 * QEMU from the same text. The kernel maps the pages in the user region (samples/minios/abi.inc).
 *
 * <p>The {@link Program} it gives has no source for the ELF code: its source map has a row for each
 * instruction of the executable segments, disassembled, at its address in the user region, and its
 * symbols are the kernel's and the ELF's .symtab (which wins where both name something).
 */
final class ElfUserProgram {

    /** The user region: samples/minios/abi.inc USER_REGION and USER_REGION_END. */
    static final long REGION_START = 0x0800_0000L;
    static final long REGION_END = 0x0840_0000L;
    /**
     * Pages a program may take: the kernel keeps the original and one copy per task (two) below the
     * 4 MiB it maps, beside about 1.1 MiB of its own (kernel.asm's memory map).
     */
    static final int MAX_PAGES = 192;

    /** What the kernel includes as USER_PROGRAM, beside kernel.asm (only the assembler's loader has it). */
    static final String SOURCE_NAME = "elf-user-program.asm";

    private ElfUserProgram() {
    }

    static ElfImage image(ElfFile elf) throws ElfException {
        return ElfImage.layOut(elf, REGION_START, REGION_END, MAX_PAGES);
    }

    /** The program's source for kernel.asm (assembled with -dUSER_ELF). */
    static String source(ElfImage image) {
        ElfFile elf = image.file();
        StringBuilder sb = new StringBuilder();
        sb.append("; ").append(shortName(elf)).append(" as a mini-OS user program, written by RingScope from its program\n")
                .append("; headers; assemble samples/minios/kernel.asm with -dUSER_ELF and USER_PROGRAM naming this file.\n")
                .append(String.format("user_main equ 0x%08X          ; e_entry%n", elf.entry()))
                .append(task2(elf))
                .append("; where each page below goes: its address, | 2 (PTE_W) if writable\n")
                .append("%macro USER_ELF_PAGES 0\n");
        for (ElfImage.Page p : image.pages()) {
            sb.append(String.format("        dd 0x%08X%n", p.address() | (p.writable() ? 2 : 0)));
        }
        sb.append("%endmacro\n");
        for (ElfImage.Page p : image.pages()) {
            sb.append(String.format("; 0x%08X%s%n", p.address(), p.writable() ? " (writable)" : ""));
            appendBytes(sb, p.bytes());
        }
        return sb.toString();
    }

    /**
     * A second task when the program defines {@code task2}: it starts at crt0's {@code _start2}
     * (samples/c/crt0.S), which calls it (kernel.asm's USER_TASK2).
     */
    private static String task2(ElfFile elf) {
        Long task2 = null;
        Long start2 = null;
        for (ElfFile.Symbol s : elf.symbols()) {
            if (s.name().equals("task2") && s.value() != 0) {
                task2 = s.value();
            } else if (s.name().equals("_start2")) {
                start2 = s.value();
            }
        }
        return task2 == null || start2 == null ? ""
                : String.format("%%define USER_TASK2 0x%08X   ; _start2, which calls task2%n", start2);
    }

    private static void appendBytes(StringBuilder sb, byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int zeros = 0;
            while (i + zeros < bytes.length && bytes[i + zeros] == 0) {
                zeros++;
            }
            if (zeros >= 16) {
                sb.append("        times ").append(zeros).append(" db 0\n");
                i += zeros;
                continue;
            }
            int end = Math.min(bytes.length, i + 16);
            sb.append("        db ");
            for (int k = i; k < end; k++) {
                sb.append(k == i ? "" : ",").append(String.format("0x%02X", bytes[k] & 0xFF));
            }
            sb.append('\n');
            i = end;
        }
    }

    /**
     * The kernel built around the program, told as the ELF program: the generated lines leave the
     * source map, the ELF's code comes in disassembled, its symbols join the kernel's.
     */
    static Program of(Program kernel, ElfImage image) {
        List<Program.SourceMapEntry> rows = new ArrayList<>();
        for (Program.SourceMapEntry e : kernel.sourceMap()) {
            if (!e.pos().file().replace('\\', '/').endsWith("/" + SOURCE_NAME)) {
                rows.add(e);
            }
        }
        Map<String, Long> symbols = new HashMap<>(kernel.symbols());
        for (ElfFile.Symbol s : image.file().symbols()) {
            symbols.put(s.name(), s.value());
        }
        rows.addAll(disassembly(image));
        rows.sort(java.util.Comparator.comparingLong(Program.SourceMapEntry::address));
        return new Program(shortName(image.file()), kernel.origin(), kernel.bytes(), symbols, rows, kernel.warnings(),
                image.pages());
    }

    /**
     * A row per instruction of each executable segment, decoding from every symbol and the entry
     * point (so that data or padding between functions does not throw the decoder out of step), and
     * a row per symbol-started stretch of the other segments.
     */
    private static List<Program.SourceMapEntry> disassembly(ElfImage image) {
        ElfFile elf = image.file();
        SourcePos where = new SourcePos(shortName(elf), 0, 0);
        List<Program.SourceMapEntry> rows = new ArrayList<>();
        for (ElfFile.Segment s : elf.segments()) {
            if (s.memsz() == 0) {
                continue;
            }
            TreeSet<Long> starts = new TreeSet<>();
            for (ElfFile.Symbol sym : elf.symbols()) {
                if (sym.value() >= s.vaddr() && sym.value() < s.end()) {
                    starts.add(sym.value());
                }
            }
            if (elf.entry() >= s.vaddr() && elf.entry() < s.end()) {
                starts.add(elf.entry());
            }
            long first = starts.isEmpty() ? s.end() : starts.first();
            if (first > s.vaddr()) {
                rows.add(dataRow(where, s.vaddr(), first - s.vaddr()));
            }
            for (long start : starts) {
                Long next = starts.higher(start);
                long end = next == null ? s.end() : next;
                if (!s.executable()) {
                    rows.add(dataRow(where, start, end - start));
                    continue;
                }
                byte[] code = new byte[(int) (end - start)];
                for (int i = 0; i < code.length; i++) {
                    code[i] = (byte) image.byteAt(start + i);
                }
                for (Disassembler.Line line : Disassembler.disassemble(code, start)) {
                    rows.add(new Program.SourceMapEntry(line.address(), line.bytes().length, where, line.text(), List.of()));
                }
            }
        }
        return rows;
    }

    /** The file's name without its folders. */
    static String shortName(ElfFile elf) {
        String name = elf.name().replace('\\', '/');
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static Program.SourceMapEntry dataRow(SourcePos where, long address, long length) {
        return new Program.SourceMapEntry(address, (int) length, where,
                String.format("; %,d byte%s of data", length, length == 1 ? "" : "s"), List.of());
    }
}
