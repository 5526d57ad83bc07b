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
    // which accesses a TLB entry allows, one bit per (user, write) pair: bit (access & 3)
    private static final int OK_SUPERVISOR_READ = 1, OK_SUPERVISOR_WRITE = 2, OK_USER_READ = 4, OK_USER_WRITE = 8;

    private final Cpu cpu;
    private final PhysicalMemory memory;
    /** Linear page | allowed-access bits; 0 means empty (page 0 entries always allow something). */
    private final int[] tlbTag = new int[TLB_SIZE];
    private final int[] tlbFrame = new int[TLB_SIZE];
    private boolean enabled;
    /** Bumped on every flush, so the code fetch path can tell its cached page is stale. */
    int generation;
    /** Whose cycles a walk costs, and whose monitor hears of it (a VMM's shadow page tables). */
    private final Machine machine;

    Paging(Machine machine) {
        this.machine = machine;
        this.cpu = machine.cpu;
        this.memory = machine.memory;
    }

    /** CR3 write or CR0.PG/WP/PE change: the whole TLB goes (no global pages modelled). */
    void flush() {
        java.util.Arrays.fill(tlbTag, 0);
        enabled = cpu.pagingEnabled();
        generation++;
    }

    /** The TLB's contents: a walk costs cycles, so a restored machine must miss where the original missed. */
    int[][] saveTlb() {
        return new int[][] {tlbTag.clone(), tlbFrame.clone()};
    }

    void restoreTlb(int[][] saved) {
        System.arraycopy(saved[0], 0, tlbTag, 0, TLB_SIZE);
        System.arraycopy(saved[1], 0, tlbFrame, 0, TLB_SIZE);
        enabled = cpu.pagingEnabled();
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
        if (!enabled) {
            return linear;
        }
        int i = (linear >>> 12) & (TLB_SIZE - 1);
        int tag = tlbTag[i];
        if (((tag ^ linear) & ~0xFFF) == 0 && (tag & (1 << (access & 3))) != 0) {
            return tlbFrame[i] | (linear & 0xFFF);
        }
        return walk(linear, access, i);
    }

    private void fill(int slot, int linear, int frame, int user, int writable, boolean dirty) {
        boolean wp = (cpu.cr0 & Cpu.CR0_WP) != 0;
        int ok = OK_SUPERVISOR_READ;
        if (dirty && (writable != 0 || !wp)) {
            ok |= OK_SUPERVISOR_WRITE;
        }
        if (user != 0) {
            ok |= OK_USER_READ;
            if (dirty && writable != 0) {
                ok |= OK_USER_WRITE;
            }
        }
        tlbTag[slot] = (linear & ~0xFFF) | ok;
        tlbFrame[slot] = frame;
    }

    /** The physical address {@code linear} maps to now, or -1; no A/D bits set, no fault, no TLB fill. */
    int probe(int linear) {
        if (!enabled) {
            return linear;
        }
        int pde = memory.read32((cpu.cr3 & ~0xFFF) + ((linear >>> 22) << 2));
        if ((pde & 1) == 0) {
            return -1;
        }
        if ((pde & 0x80) != 0 && (cpu.cr4 & Cpu.CR4_PSE) != 0) {
            return (pde & 0xFFC0_0000) | (linear & 0x003F_FFFF);
        }
        int pte = memory.read32((pde & ~0xFFF) + (((linear >>> 12) & 0x3FF) << 2));
        return (pte & 1) == 0 ? -1 : (pte & ~0xFFF) | (linear & 0xFFF);
    }

    private int walk(int linear, int access, int slot) {
        machine.cycles += machine.costs.pageWalk();
        int pdeAddress = (cpu.cr3 & ~0xFFF) + ((linear >>> 22) << 2);
        int pde = memory.read32(pdeAddress);
        if ((pde & 1) == 0) {
            throw pageFault(linear, access, false);
        }
        boolean write = (access & WRITE) != 0;
        if ((pde & 0x80) != 0 && (cpu.cr4 & Cpu.CR4_PSE) != 0) {
            int user = pde & 4;
            int writable = pde & 2;
            check(linear, access, user, writable);
            int updated = pde | 0x20 | (write ? 0x40 : 0);
            if (updated != pde) {
                memory.writeUnwatched(pdeAddress, updated);
            }
            int frame = (pde & 0xFFC0_0000) | (linear & 0x003F_F000);
            fill(slot, linear, frame, user, writable, (updated & 0x40) != 0);
            if (machine.monitor != null) {
                machine.monitor.pageWalked(linear, write);
            }
            return frame | (linear & 0xFFF);
        }
        int pteAddress = (pde & ~0xFFF) + (((linear >>> 12) & 0x3FF) << 2);
        int pte = memory.read32(pteAddress);
        if ((pte & 1) == 0) {
            throw pageFault(linear, access, false);
        }
        int user = pde & pte & 4;
        int writable = pde & pte & 2;
        check(linear, access, user, writable);
        if ((pde & 0x20) == 0) {
            memory.writeUnwatched(pdeAddress, pde | 0x20);
        }
        int updated = pte | 0x20 | (write ? 0x40 : 0);
        if (updated != pte) {
            memory.writeUnwatched(pteAddress, updated);
        }
        int frame = pte & ~0xFFF;
        fill(slot, linear, frame, user, writable, (updated & 0x40) != 0);
        if (machine.monitor != null) {
            machine.monitor.pageWalked(linear, write);
        }
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
