package dev.ringscope.machine;

/**
 * Decoded instructions by physical address, a page at a time, so each instruction is decoded once.
 * Keyed by physical address because two address spaces may map different code at one linear
 * address (each mini-OS task has its own copy of the program); a page also remembers the linear
 * address it was decoded at, because one frame may be mapped at two (decoded branch targets are linear). A write over the bytes of a
 * decoded instruction drops the page's decodings; data that merely shares the page does not
 * (instructions that cross a page boundary are never cached).
 */
final class CodeCache implements PhysicalMemory.CodeWriteListener {

    /**
     * One physical page's decoded instructions, by offset, and which bytes they cover. A decoding
     * holds linear branch targets, so it belongs to the linear page the code was fetched from.
     */
    static final class Page {
        final Uop[] slots = new Uop[PhysicalMemory.PAGE_SIZE];
        final long[] covered = new long[PhysicalMemory.PAGE_SIZE / 64];
        /** The linear address of the page these decodings were made at. */
        final int linear;
        boolean valid = true;

        Page(int linear) {
            this.linear = linear;
        }

        void put(int offset, Uop u) {
            slots[offset] = u;
            for (int i = offset; i < offset + u.length; i++) {
                covered[i >>> 6] |= 1L << i;
            }
        }

        boolean overlaps(int offset, int length) {
            int from = Math.max(0, offset);
            int to = Math.min(PhysicalMemory.PAGE_SIZE, offset + length);
            if (from >= to) {
                return false;
            }
            if (to - from <= 8 && (from >>> 6) == ((to - 1) >>> 6)) {
                long bits = ((1L << (to - from)) - 1) << (from & 63);
                return (covered[from >>> 6] & bits) != 0;
            }
            for (int i = from; i < to; i++) {
                if ((covered[i >>> 6] & (1L << i)) != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private final PhysicalMemory memory;
    private final Page[] pages;

    CodeCache(PhysicalMemory memory) {
        this.memory = memory;
        this.pages = new Page[memory.size() >>> PhysicalMemory.PAGE_SHIFT];
        memory.setCodeWriteListener(this);
    }

    /**
     * The decodings of a physical page fetched at linear page {@code linear}, or null for addresses
     * outside RAM. The same frame fetched at another linear address (an alias) starts over: its
     * relative branches have other targets there.
     */
    Page page(int physicalPage, int linear) {
        if (physicalPage < 0 || physicalPage >= pages.length) {
            return null;
        }
        Page p = pages[physicalPage];
        if (p != null && p.linear != linear) {
            drop(physicalPage);
            p = null;
        }
        if (p == null) {
            p = new Page(linear);
            pages[physicalPage] = p;
            memory.markCode(physicalPage, p.covered);
        }
        return p;
    }

    @Override
    public void codeWritten(int address, int length) {
        int page0 = address >>> PhysicalMemory.PAGE_SHIFT;
        if (length <= 4 && page0 == (address + length - 1) >>> PhysicalMemory.PAGE_SHIFT) {
            Page p = page0 < pages.length ? pages[page0] : null;
            if (p != null && p.overlaps(address & 0xFFF, length)) {
                drop(page0);
            }
            return;
        }
        int first = address >>> PhysicalMemory.PAGE_SHIFT;
        int last = (address + length - 1) >>> PhysicalMemory.PAGE_SHIFT;
        for (int page = first; page <= last && page < pages.length; page++) {
            Page p = pages[page];
            int pageStart = page << PhysicalMemory.PAGE_SHIFT;
            if (p != null && p.overlaps(address - pageStart, length)) {
                drop(page);
            }
        }
    }

    private void drop(int page) {
        Page p = pages[page];
        if (p != null) {
            p.valid = false;
            pages[page] = null;
            memory.unmarkCode(page);
        }
    }

    void clear() {
        for (int i = 0; i < pages.length; i++) {
            drop(i);
        }
        memory.clearCodeMarks();
    }
}
