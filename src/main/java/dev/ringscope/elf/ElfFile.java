package dev.ringscope.elf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A static 32-bit x86 ELF executable, as far as a loader needs it: the entry point, the loadable
 * segments and the symbol table (System V ABI, "Object Files" and the Intel386 supplement). Reading
 * refuses, with one {@link ElfException} each, what the mini OS cannot run: a file that is not ELF,
 * a 64-bit, big-endian, non-i386 or unlinked one, a dynamically linked one (PT_INTERP, PT_DYNAMIC),
 * thread-local storage, and every table or segment that runs past the end of the file.
 *
 * @param entry    e_entry, the first instruction
 * @param segments the PT_LOAD program headers, in file order
 * @param symbols  from .symtab: functions, objects and untyped labels that name an address (no
 *                 section, file or undefined symbols); empty for a stripped file
 */
public record ElfFile(String name, long entry, List<Segment> segments, List<Symbol> symbols) {

    static final int EHDR_SIZE = 52;
    static final int PHDR_SIZE = 32;
    static final int SHDR_SIZE = 40;
    static final int SYM_SIZE = 16;

    static final int PT_LOAD = 1;
    static final int PT_DYNAMIC = 2;
    static final int PT_INTERP = 3;
    static final int PT_TLS = 7;
    static final int SHT_SYMTAB = 2;
    static final int PF_X = 1;
    static final int PF_W = 2;

    public ElfFile {
        segments = List.copyOf(segments);
        symbols = List.copyOf(symbols);
    }

    /**
     * A PT_LOAD program header.
     *
     * @param index its number in the program header table (0-based, as {@code readelf -l} counts)
     * @param data  the p_filesz bytes from the file; the rest up to p_memsz is zero (.bss)
     */
    public record Segment(int index, long vaddr, long memsz, int flags, byte[] data) {
        public boolean writable() {
            return (flags & PF_W) != 0;
        }

        public boolean executable() {
            return (flags & PF_X) != 0;
        }

        public long end() {
            return vaddr + memsz;
        }

        /** {@code r-x}, as readelf writes p_flags. */
        public String permissions() {
            return ((flags & 4) != 0 ? "r" : "-") + (writable() ? "w" : "-") + (executable() ? "x" : "-");
        }
    }

    /** A symbol that names an address; {@code size} 0 when the symbol table does not say. */
    public record Symbol(String name, long value, long size, boolean function) {
    }

    /** True if the file starts with the ELF magic, 0x7F 'E' 'L' 'F'. */
    public static boolean hasMagic(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 0x7F && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    public static ElfFile read(Path file) throws IOException {
        return parse(file.toString(), Files.readAllBytes(file));
    }

    public static ElfFile parse(String name, byte[] bytes) throws ElfException {
        return new Reader(name, bytes).read();
    }

    /** Reads one file; every check names the field it read. */
    private static final class Reader {
        private final String name;
        private final byte[] b;

        Reader(String name, byte[] bytes) {
            this.name = name;
            this.b = bytes;
        }

        ElfException problem(String what) {
            return new ElfException(name, what);
        }

        ElfFile read() throws ElfException {
            if (b.length < 4 || b[0] != 0x7F || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
                throw problem("not an ELF file: it does not start with 0x7F 'E' 'L' 'F' (RingScope runs .asm "
                        + "programs, flat .bin images and static i386 ELF executables)");
            }
            if (b.length < EHDR_SIZE) {
                throw problem(String.format("truncated: the ELF header needs %d bytes, the file has %d", EHDR_SIZE,
                        b.length));
            }
            int elfClass = b[4];
            if (elfClass == 2) {
                throw problem("a 64-bit ELF file (e_ident[EI_CLASS] = ELFCLASS64): the mini OS runs 32-bit i386 "
                        + "programs; build with gcc -m32 and link with ld -m elf_i386");
            }
            if (elfClass != 1) {
                throw problem("e_ident[EI_CLASS] is " + elfClass + ", neither ELFCLASS32 (1) nor ELFCLASS64 (2)");
            }
            if (b[5] != 1) {
                throw problem("e_ident[EI_DATA] is " + b[5] + ": not little-endian (ELFDATA2LSB), as i386 is");
            }
            int type = u16(16);
            int machine = u16(18);
            if (machine != 3) {
                throw problem(String.format("e_machine is %d (%s), not EM_386 (3): the mini OS runs i386 code",
                        machine, machineName(machine)));
            }
            switch (type) {
                case 2 -> {
                }
                case 1 -> throw problem("an object file (e_type = ET_REL), not an executable: link it first "
                        + "(ld -m elf_i386 -T samples/c/ringscope.ld, docs/c-programs.md)");
                case 3 -> throw problem("a position-independent executable or shared library (e_type = ET_DYN): "
                        + "the mini OS loads programs at their link addresses; link with -static -no-pie");
                default -> throw problem("e_type is " + type + ", not ET_EXEC (2): not an executable");
            }
            long entry = u32(24);
            List<Segment> segments = segments();
            return new ElfFile(name, entry, segments, symbols());
        }

        private List<Segment> segments() throws ElfException {
            long phoff = u32(28);
            int phentsize = u16(42);
            int phnum = u16(44);
            if (phnum == 0) {
                throw problem("no program headers (e_phnum = 0): nothing to load");
            }
            if (phentsize != PHDR_SIZE) {
                throw problem("e_phentsize is " + phentsize + ", not " + PHDR_SIZE + " (an ELF32 program header)");
            }
            checkTable("program header table", "e_phoff", phoff, phnum, phentsize);
            List<Segment> out = new ArrayList<>();
            for (int i = 0; i < phnum; i++) {
                int at = (int) (phoff + (long) i * phentsize);
                int type = (int) u32(at);
                String which = "program header " + i;
                if (type == PT_INTERP) {
                    throw problem(which + " is PT_INTERP (it asks for the dynamic linker " + interpreter(at)
                            + "): a dynamically linked program; the mini OS has no shared libraries, link with -static "
                            + "-nostdlib (docs/c-programs.md)");
                }
                if (type == PT_DYNAMIC) {
                    throw problem(which + " is PT_DYNAMIC: a dynamically linked program; the mini OS has no dynamic "
                            + "linker, link with -static -nostdlib (docs/c-programs.md)");
                }
                if (type == PT_TLS) {
                    throw problem(which + " is PT_TLS: thread-local storage, which the mini OS does not set up");
                }
                if (type != PT_LOAD) {
                    continue; // PT_NOTE, PT_GNU_STACK, PT_GNU_PROPERTY, PT_PHDR …: nothing to load
                }
                long offset = u32(at + 4);
                long vaddr = u32(at + 8);
                long filesz = u32(at + 16);
                long memsz = u32(at + 20);
                int flags = (int) u32(at + 24);
                String segment = String.format("segment %d (PT_LOAD at p_vaddr 0x%08X)", i, vaddr);
                if (filesz > memsz) {
                    throw problem(String.format("%s: p_filesz 0x%X is larger than p_memsz 0x%X", segment, filesz,
                            memsz));
                }
                if (offset + filesz > b.length) {
                    throw problem(String.format("truncated: %s has p_offset 0x%X + p_filesz 0x%X = 0x%X, past the end "
                            + "of the file (0x%X bytes)", segment, offset, filesz, offset + filesz, b.length));
                }
                if (vaddr + memsz > 0x1_0000_0000L) {
                    throw problem(String.format("%s: p_memsz 0x%X runs past 4 GiB", segment, memsz));
                }
                byte[] data = java.util.Arrays.copyOfRange(b, (int) offset, (int) (offset + filesz));
                out.add(new Segment(i, vaddr, memsz, flags, data));
            }
            if (out.isEmpty()) {
                throw problem("no PT_LOAD segment: nothing to load");
            }
            return out;
        }

        private String interpreter(int phdr) {
            long offset = u32(phdr + 4);
            long size = u32(phdr + 16);
            if (offset + size > b.length || size == 0) {
                return "(past the end of the file)";
            }
            String s = new String(b, (int) offset, (int) size, StandardCharsets.ISO_8859_1);
            int nul = s.indexOf('\0');
            return nul >= 0 ? s.substring(0, nul) : s;
        }

        private List<Symbol> symbols() throws ElfException {
            long shoff = u32(32);
            int shentsize = u16(46);
            int shnum = u16(48);
            if (shnum == 0 || shoff == 0) {
                return List.of();
            }
            if (shentsize != SHDR_SIZE) {
                throw problem("e_shentsize is " + shentsize + ", not " + SHDR_SIZE + " (an ELF32 section header)");
            }
            checkTable("section header table", "e_shoff", shoff, shnum, shentsize);
            List<Symbol> out = new ArrayList<>();
            for (int i = 0; i < shnum; i++) {
                int sh = (int) (shoff + (long) i * shentsize);
                if (u32(sh + 4) != SHT_SYMTAB) {
                    continue;
                }
                long offset = u32(sh + 16);
                long size = u32(sh + 20);
                int link = (int) u32(sh + 24);
                String which = "section " + i + " (SHT_SYMTAB)";
                if (offset + size > b.length) {
                    throw problem(String.format("truncated: %s has sh_offset 0x%X + sh_size 0x%X past the end of "
                            + "the file (0x%X bytes)", which, offset, size, b.length));
                }
                if (link <= 0 || link >= shnum) {
                    throw problem(which + ": sh_link " + link + " names no string table");
                }
                int strtab = (int) (shoff + (long) link * shentsize);
                long strOffset = u32(strtab + 16);
                long strSize = u32(strtab + 20);
                if (strOffset + strSize > b.length) {
                    throw problem(String.format("truncated: section %d (its string table) has sh_offset 0x%X + "
                            + "sh_size 0x%X past the end of the file (0x%X bytes)", link, strOffset, strSize, b.length));
                }
                for (long s = offset; s + SYM_SIZE <= offset + size; s += SYM_SIZE) {
                    int at = (int) s;
                    int kind = b[at + 12] & 0xF;
                    int shndx = u16(at + 14);
                    // STT_NOTYPE, STT_OBJECT, STT_FUNC, defined in a section (not UNDEF or ABS/COMMON)
                    if (kind > 2 || shndx == 0 || shndx >= 0xFF00) {
                        continue;
                    }
                    long nameAt = u32(at);
                    if (nameAt >= strSize) {
                        continue;
                    }
                    String symbol = cString((int) (strOffset + nameAt), (int) (strOffset + strSize));
                    if (!symbol.isEmpty() && !symbol.startsWith(".") && !symbol.startsWith("$")) {
                        out.add(new Symbol(symbol, u32(at + 4), u32(at + 8), kind == 2));
                    }
                }
            }
            return out;
        }

        private void checkTable(String table, String field, long offset, int count, int entrySize) throws ElfException {
            long end = offset + (long) count * entrySize;
            if (end > b.length) {
                throw problem(String.format("truncated: the %s (%s 0x%X, %d entries of %d bytes) runs past the end "
                        + "of the file (0x%X bytes)", table, field, offset, count, entrySize, b.length));
            }
        }

        private String cString(int from, int limit) {
            int end = from;
            while (end < limit && b[end] != 0) {
                end++;
            }
            return new String(b, from, end - from, StandardCharsets.ISO_8859_1);
        }

        private int u16(int at) {
            return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        }

        private long u32(int at) {
            return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
        }
    }

    private static String machineName(int machine) {
        return switch (machine) {
            case 62 -> "x86-64";
            case 40 -> "ARM";
            case 183 -> "AArch64";
            case 243 -> "RISC-V";
            case 8 -> "MIPS";
            case 20 -> "PowerPC";
            case 0 -> "none";
            default -> "another architecture";
        };
    }
}
