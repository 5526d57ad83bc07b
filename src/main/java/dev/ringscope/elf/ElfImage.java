package dev.ringscope.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An ELF program's memory as pages, the way a loader maps it: each PT_LOAD segment's p_filesz bytes
 * at p_vaddr and zeros up to p_memsz (.bss), rounded out to whole 4 KiB pages; two segments that
 * share a page share it (writable if either is). Laying out checks that every segment lies inside
 * the user region it is given, that the pages fit the room there is, and that the entry point is in
 * an executable segment.
 *
 * @param pages by address, each {@link #PAGE} bytes
 */
public record ElfImage(ElfFile file, List<Page> pages) {

    public static final int PAGE = 4096;

    public ElfImage {
        pages = List.copyOf(pages);
    }

    /** One page of the program: its linear address, whether it may be written, its bytes. */
    public record Page(long address, boolean writable, byte[] bytes) {
    }

    /**
     * @param regionStart the user region's first address (page aligned)
     * @param regionEnd   the address after its last byte
     * @param maxPages    how many pages the loader has room for
     */
    public static ElfImage layOut(ElfFile elf, long regionStart, long regionEnd, int maxPages) throws ElfException {
        String region = String.format("the user region 0x%08X-0x%08X", regionStart, regionEnd - 1);
        Map<Long, Page> pages = new TreeMap<>();
        boolean entryFound = false;
        for (ElfFile.Segment s : elf.segments()) {
            String segment = String.format("segment %d (PT_LOAD, p_vaddr 0x%08X, p_memsz 0x%X, %s)", s.index(),
                    s.vaddr(), s.memsz(), s.permissions());
            if (s.memsz() == 0) {
                continue;
            }
            if (s.vaddr() < regionStart || s.end() > regionEnd) {
                throw new ElfException(elf.name(), segment + " lies outside " + region + " where the mini OS loads "
                        + "programs: link at 0x08048000 (ld's default, or samples/c/ringscope.ld)");
            }
            if (s.executable() && elf.entry() >= s.vaddr() && elf.entry() < s.end()) {
                entryFound = true;
            }
            for (long page = s.vaddr() & ~(PAGE - 1L); page < s.end(); page += PAGE) {
                Page was = pages.get(page);
                byte[] bytes = was == null ? new byte[PAGE] : was.bytes();
                pages.put(page, new Page(page, s.writable() || was != null && was.writable(), bytes));
            }
            for (int i = 0; i < s.data().length; i++) {
                long at = s.vaddr() + i;
                pages.get(at & ~(PAGE - 1L)).bytes()[(int) (at & (PAGE - 1))] = s.data()[i];
            }
        }
        if (pages.isEmpty()) {
            throw new ElfException(elf.name(), "every PT_LOAD segment is empty (p_memsz 0): nothing to run");
        }
        if (pages.size() > maxPages) {
            throw new ElfException(elf.name(), String.format("an image too big: its segments take %d pages (%d KiB) "
                    + "in memory; the mini OS has room for %d pages (%d KiB) per program", pages.size(),
                    pages.size() * PAGE / 1024, maxPages, maxPages * PAGE / 1024));
        }
        if (!entryFound) {
            throw new ElfException(elf.name(), String.format("e_entry 0x%08X is not in an executable PT_LOAD segment",
                    elf.entry()));
        }
        return new ElfImage(elf, new ArrayList<>(pages.values()));
    }

    /** The image's bytes at {@code address}, or -1 outside its pages. */
    public int byteAt(long address) {
        for (Page p : pages) {
            if (address >= p.address() && address < p.address() + PAGE) {
                return p.bytes()[(int) (address - p.address())] & 0xFF;
            }
        }
        return -1;
    }
}
