package dev.ringscope.machine;

/**
 * Decoded instructions by physical address, a page at a time, so each instruction is decoded once.
 * Keyed by physical address because two address spaces may map different code at one linear
 * address (each mini-OS task has its own copy of the program). A write to a page drops its
 * decodings (and the previous page's, whose last instruction may run into it).
 */
final class CodeCache implements PhysicalMemory.CodeWriteListener {

    /** One physical page's decoded instructions, by offset. */
    static final class Page {
        final Uop[] slots = new Uop[PhysicalMemory.PAGE_SIZE];
        boolean valid = true;
    }

    private final PhysicalMemory memory;
    private final Page[] pages;
    long invalidations;

    CodeCache(PhysicalMemory memory) {
        this.memory = memory;
        this.pages = new Page[memory.size() >>> PhysicalMemory.PAGE_SHIFT];
        memory.setCodeWriteListener(this);
    }

    /** The page object for a physical page, or null for addresses outside RAM. */
    Page page(int physicalPage) {
        if (physicalPage < 0 || physicalPage >= pages.length) {
            return null;
        }
        Page p = pages[physicalPage];
        if (p == null) {
            p = new Page();
            pages[physicalPage] = p;
            memory.markCode(physicalPage);
        }
        return p;
    }

    @Override
    public void codePageWritten(int page) {
        drop(page);
        if (page > 0) {
            drop(page - 1);
        }
    }

    private void drop(int page) {
        Page p = pages[page];
        if (p != null) {
            p.valid = false;
            pages[page] = null;
            invalidations++;
        }
    }

    void clear() {
        for (int i = 0; i < pages.length; i++) {
            drop(i);
        }
        memory.clearCodeMarks();
    }
}
