package dev.ringscope.machine;

/**
 * A segment or gate descriptor as the 8 bytes in the GDT, LDT or IDT (SDM Vol. 3A §3.4.5, §6.11),
 * decoded on demand from two dwords.
 */
record Descriptor(int low, int high) {

    int access() {
        return (high >>> 8) & 0xFF;
    }

    boolean present() {
        return (high & 0x8000) != 0;
    }

    /** The same descriptor with another DPL (a VMM's shadow copy under ring compression). */
    Descriptor withDpl(int dpl) {
        return new Descriptor(low, (high & ~0x6000) | (dpl << 13));
    }

    int dpl() {
        return (high >>> 13) & 3;
    }

    /** S flag: 1 for code/data, 0 for system descriptors (TSS, gates). */
    boolean isCodeOrData() {
        return (high & 0x1000) != 0;
    }

    int type() {
        return (high >>> 8) & 0xF;
    }

    boolean isCode() {
        return isCodeOrData() && (type() & 8) != 0;
    }

    boolean isData() {
        return isCodeOrData() && (type() & 8) == 0;
    }

    boolean conforming() {
        return isCode() && (type() & 4) != 0;
    }

    boolean readable() {
        return isData() || (type() & 2) != 0;
    }

    boolean writable() {
        return isData() && (type() & 2) != 0;
    }

    int base() {
        return (low >>> 16) | (high & 0xFF) << 16 | (high & 0xFF00_0000);
    }

    /** The limit in bytes - 1, scaled by 4 KiB when G is set. */
    int limit() {
        int raw = (low & 0xFFFF) | (high & 0x000F_0000);
        return (high & 0x0080_0000) != 0 ? raw << 12 | 0xFFF : raw;
    }

    /** The access byte and flags nibble as the CPU caches them (bits 8–23 of the high dword). */
    int cachedAccess() {
        return (high >>> 8) & 0xF0FF;
    }

    // gates
    int gateSelector() {
        return low >>> 16;
    }

    int gateOffset() {
        return (low & 0xFFFF) | (high & 0xFFFF_0000);
    }
}
