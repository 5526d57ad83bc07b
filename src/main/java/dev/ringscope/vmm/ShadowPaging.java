package dev.ringscope.vmm;

import dev.ringscope.machine.Hardware;
import dev.ringscope.machine.PhysicalMemory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Shadow page tables, as a software VMM (and first-generation VT-x) keeps them (REFERENCE.md §3,
 * "Memory"): the hardware walks the VMM's shadow tables, filled lazily — the first touch of a
 * page under a guest CR3 is a hidden page fault the VMM fills — and kept in sync by
 * write-protecting the guest's page directories and page tables, so that every guest write to
 * one is caught. Shadows are cached per guest CR3 (a task switch back finds its shadow filled).
 */
final class ShadowPaging {

    /** Guest page-directory page → linear pages whose shadow entry is filled. */
    private final Map<Integer, Set<Integer>> filled = new HashMap<>();
    /** Guest page-table page → the (directory page, directory index) pairs that point at it. */
    private final Map<Integer, Set<Long>> tableOwners = new HashMap<>();
    private final Set<Integer> directories = new HashSet<>();

    ShadowPaging copy() {
        ShadowPaging c = new ShadowPaging();
        filled.forEach((k, v) -> c.filled.put(k, new HashSet<>(v)));
        tableOwners.forEach((k, v) -> c.tableOwners.put(k, new HashSet<>(v)));
        c.directories.addAll(directories);
        return c;
    }

    /** After a restore: the watches follow the restored state. */
    void rewatch(Hardware hw) {
        hw.unwatchAll();
        directories.forEach(pd -> hw.watchPage(pd, true));
        tableOwners.keySet().forEach(pt -> hw.watchPage(pt, true));
    }

    /** The guest loaded CR3: start shadowing (and watching) that directory if new. */
    void cr3Loaded(Hardware hw, int cr3) {
        int pd = cr3 >>> PhysicalMemory.PAGE_SHIFT;
        if (directories.add(pd)) {
            hw.watchPage(pd, true);
            for (int i = 0; i < 1024; i++) {
                scanEntry(hw, pd, i);
            }
        }
    }

    private void scanEntry(Hardware hw, int pd, int index) {
        int pde = hw.memory().read32((pd << PhysicalMemory.PAGE_SHIFT) + index * 4);
        if ((pde & 1) != 0 && (pde & 0x80) == 0) {
            int pt = pde >>> PhysicalMemory.PAGE_SHIFT;
            tableOwners.computeIfAbsent(pt, k -> new HashSet<>()).add((long) pd << 32 | index);
            hw.watchPage(pt, true);
        }
    }

    /** A TLB miss under {@code cr3}: true if the shadow had no entry (a hidden page fault). */
    boolean touch(int cr3, int linear) {
        return filled.computeIfAbsent(cr3 >>> PhysicalMemory.PAGE_SHIFT, k -> new HashSet<>())
                .add(linear >>> PhysicalMemory.PAGE_SHIFT);
    }

    /** Whether a physical address lies in a page the shadows depend on. */
    boolean isPageTable(int physical) {
        int page = physical >>> PhysicalMemory.PAGE_SHIFT;
        return directories.contains(page) || tableOwners.containsKey(page);
    }

    /**
     * The guest wrote a (write-protected) directory or table entry: drop the shadow entries it
     * governs, and follow a new table. Returns the linear address the entry maps, or -1.
     */
    int written(Hardware hw, int physical) {
        int page = physical >>> PhysicalMemory.PAGE_SHIFT;
        int index = (physical & 0xFFF) >>> 2;
        int linear = -1;
        if (directories.contains(page)) {
            Set<Integer> f = filled.get(page);
            if (f != null) {
                f.removeIf(p -> (p >>> 10) == index);
            }
            scanEntry(hw, page, index);
            linear = index << 22;
        }
        Set<Long> owners = tableOwners.get(page);
        if (owners != null) {
            for (long owner : owners) {
                int pd = (int) (owner >>> 32);
                int pdIndex = (int) owner;
                linear = pdIndex << 22 | index << 12;
                Set<Integer> f = filled.get(pd);
                if (f != null) {
                    f.remove(linear >>> PhysicalMemory.PAGE_SHIFT);
                }
            }
        }
        return linear;
    }
}
