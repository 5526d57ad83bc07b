package dev.ringscope.machine;

/**
 * Linear-to-physical translation with 32-bit two-level paging (SDM Vol. 3A §4.3) and a TLB.
 * Permissions combine both levels: a user access needs U/S=1 in the PDE and the PTE; a write needs
 * R/W=1 in both, for supervisor accesses only when CR0.WP is set. A miss walks the tables and sets
 * the Accessed (and, for writes, Dirty) bits, as the hardware does.
 */
final class Paging {

    static final int WRITE = 1;
    static final int USER = 2;
    static final int FETCH = 4;

    private static final int TLB_SIZE = 1024;
    private static final int TLB_VALID = 1;
    private static final int PERM_USER = 1, PERM_WRITE = 2, PERM_DIRTY = 4;

    private final Cpu cpu;
    private final PhysicalMemory memory;
    private final int[] tlbTag = new int[TLB_SIZE];
    private final int[] tlbFrame = new int[TLB_SIZE];
    private final byte[] tlbPerm = new byte[TLB_SIZE];
    /** Bumped on every flush, so the code fetch path can tell its cached page is stale. */
    int generation;

    Paging(Cpu cpu, PhysicalMemory memory) {
        this.cpu = cpu;
        this.memory = memory;
    }

    /** CR3 write or CR0.PG/WP change: the whole TLB goes (no global pages modelled). */
    void flush() {
        java.util.Arrays.fill(tlbTag, 0);
        generation++;
    }

    /** invlpg (SDM Vol. 2A INVLPG). */
    void invalidate(int linear) {
        int i = (linear >>> 12) & (TLB_SIZE - 1);
        if ((tlbTag[i] & ~0xFFF) == (linear & ~0xFFF)) {
            tlbTag[i] = 0;
        }
        generation++;
    }

    /** The physical address for {@code linear}, or a #PF. */
    int translate(int linear, int access) {
        if (!cpu.pagingEnabled()) {
            return linear;
        }
        int i = (linear >>> 12) & (TLB_SIZE - 1);
        int tag = tlbTag[i];
        if ((tag & ~0xFFF) == (linear & ~0xFFF) && (tag & TLB_VALID) != 0) {
            int perm = tlbPerm[i];
            if (allowed(perm, access)) {
                return tlbFrame[i] | (linear & 0xFFF);
            }
        }
        return walk(linear, access, i);
    }

    private boolean allowed(int perm, int access) {
        if ((access & USER) != 0 && (perm & PERM_USER) == 0) {
            return false;
        }
        if ((access & WRITE) != 0) {
            if ((perm & PERM_DIRTY) == 0) {
                return false; // walk again to set the Dirty bit
            }
            return (perm & PERM_WRITE) != 0 || ((access & USER) == 0 && (cpu.cr0 & Cpu.CR0_WP) == 0);
        }
        return true;
    }

    private int walk(int linear, int access, int slot) {
        int pdeAddress = (cpu.cr3 & ~0xFFF) + ((linear >>> 22) << 2);
        int pde = memory.read32(pdeAddress);
        if ((pde & 1) == 0) {
            throw pageFault(linear, access, false);
        }
        int frame;
        int user;
        int writable;
        boolean large = (pde & 0x80) != 0 && (cpu.cr4 & Cpu.CR4_PSE) != 0;
        if (large) {
            user = pde & 4;
            writable = pde & 2;
            check(linear, access, user, writable);
            int updated = pde | 0x20 | ((access & WRITE) != 0 ? 0x40 : 0);
            if (updated != pde) {
                memory.write32(pdeAddress, updated);
            }
            frame = (pde & 0xFFC0_0000) | (linear & 0x003F_F000);
        } else {
            int pteAddress = (pde & ~0xFFF) + (((linear >>> 12) & 0x3FF) << 2);
            int pte = memory.read32(pteAddress);
            if ((pte & 1) == 0) {
                throw pageFault(linear, access, false);
            }
            user = pde & pte & 4;
            writable = pde & pte & 2;
            check(linear, access, user, writable);
            if ((pde & 0x20) == 0) {
                memory.write32(pdeAddress, pde | 0x20);
            }
            int updated = pte | 0x20 | ((access & WRITE) != 0 ? 0x40 : 0);
            if (updated != pte) {
                memory.write32(pteAddress, updated);
            }
            frame = pte & ~0xFFF;
            pte = updated;
            writable |= 0;
            if ((pte & 0x40) != 0) {
                tlbPerm[slot] = (byte) ((user != 0 ? PERM_USER : 0) | (writable != 0 ? PERM_WRITE : 0) | PERM_DIRTY);
            } else {
                tlbPerm[slot] = (byte) ((user != 0 ? PERM_USER : 0) | (writable != 0 ? PERM_WRITE : 0));
            }
            tlbTag[slot] = (linear & ~0xFFF) | TLB_VALID;
            tlbFrame[slot] = frame;
            return frame | (linear & 0xFFF);
        }
        tlbPerm[slot] = (byte) ((user != 0 ? PERM_USER : 0) | (writable != 0 ? PERM_WRITE : 0)
                | ((access & WRITE) != 0 || (pde & 0x40) != 0 ? PERM_DIRTY : 0));
        tlbTag[slot] = (linear & ~0xFFF) | TLB_VALID;
        tlbFrame[slot] = frame;
        return frame | (linear & 0xFFF);
    }

    private void check(int linear, int access, int user, int writable) {
        if ((access & USER) != 0 && user == 0) {
            throw pageFault(linear, access, true);
        }
        if ((access & WRITE) != 0 && writable == 0 && ((access & USER) != 0 || (cpu.cr0 & Cpu.CR0_WP) != 0)) {
            throw pageFault(linear, access, true);
        }
    }

    /** SDM Vol. 3A §4.7: error code P (protection), W/R, U/S; CR2 takes the faulting address. */
    private CpuFault pageFault(int linear, int access, boolean present) {
        cpu.cr2 = linear;
        int code = (present ? 1 : 0) | ((access & WRITE) != 0 ? 2 : 0) | ((access & USER) != 0 ? 4 : 0);
        String what = (access & FETCH) != 0 ? "fetch" : (access & WRITE) != 0 ? "write" : "read";
        String reason = String.format("%s %s at 0x%08X: %s", (access & USER) != 0 ? "user" : "supervisor", what,
                linear, present ? ((access & USER) != 0 && (access & WRITE) == 0 ? "supervisor-only page"
                        : (access & USER) != 0 ? "page is supervisor-only or read-only" : "read-only page")
                        : "page not present");
        return CpuFault.withCode(CpuFault.PF, code, reason);
    }
}
