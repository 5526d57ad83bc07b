package dev.ringscope.machine;

/** Pieces of the tiny flat guests the machine tests assemble. */
final class FlatGuests {

    /**
     * Turns on paging with 4 MiB pages (CR4.PSE) through the page directory at label {@code pd}, which
     * the guest defines (4 KiB aligned); the stack then at 0x180000.
     */
    static final String PAGING_4MIB = """
                mov eax, pd
                mov cr3, eax
                mov eax, cr4
                or eax, 0x10                ; CR4.PSE: 4 MiB pages
                mov cr4, eax
                mov eax, cr0
                or eax, 0x80000000
                mov cr0, eax
                mov esp, 0x180000
            """;

    private FlatGuests() {
    }
}
