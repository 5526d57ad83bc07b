package dev.ringscope.vmm;

import java.util.List;

/**
 * One guest basic block and its translation in the translation cache, instruction by instruction,
 * so the UI can show the two side by side (REFERENCE.md §5, §7).
 *
 * @param guestAddress  linear address of the block's first guest instruction
 * @param guestLength   bytes of guest code it covers
 * @param cacheAddress  where its translation sits in the translation cache (VMM memory)
 * @param cacheLength   bytes of translated code
 * @param entries       the guest instructions with what each became
 * @param exit          how control leaves the block
 * @param physicalPages guest physical pages its code lies on (a write there invalidates it)
 */
public record TranslatedBlock(int guestAddress, int guestLength, int cacheAddress, int cacheLength,
                              List<Entry> entries, Exit exit, List<Integer> physicalPages) {

    /** What a guest instruction became. */
    public enum Kind {
        /** Copied as it is: identical bytes. */
        IDENT,
        /** Replaced by a few inline instructions on the virtual CPU (no VMM entry). */
        INLINE,
        /** Replaced by a call into the VMM. */
        CALLOUT,
        /** A direct branch rewritten to the translated target (chained once both blocks exist). */
        BRANCH,
        /** An indirect transfer: a look-up of the target in the translation cache. */
        DISPATCH
    }

    /** How the block ends: a direct branch or fall-through can be chained; an indirect one needs a look-up. */
    public enum Exit { DIRECT, INDIRECT }

    /**
     * @param guestAddress the guest instruction's address
     * @param bytes        its bytes
     * @param guestText    its disassembly
     * @param kind         what it became
     * @param translated   the translated code, as text
     * @param cacheOffset  where that code starts within the block's translation
     * @param cacheLength  its length in bytes
     */
    public record Entry(int guestAddress, byte[] bytes, String guestText, Kind kind, String translated, int cacheOffset,
                        int cacheLength) {
    }

    public int instructions() {
        return entries.size();
    }

    /** The entry for a guest address inside the block, or null. */
    public Entry entryAt(int address) {
        for (Entry e : entries) {
            if (e.guestAddress == address) {
                return e;
            }
        }
        return null;
    }
}
