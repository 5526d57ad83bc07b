package dev.ringscope.vmm;

import java.util.Map;

/** Xen's hypercall numbers (xen/include/public/xen.h; REFERENCE.md §4), those the PV mini OS uses and more. */
public final class Hypercalls {

    public static final int SET_TRAP_TABLE = 0, MMU_UPDATE = 1, SET_GDT = 2, STACK_SWITCH = 3, SET_CALLBACKS = 4,
            SCHED_OP_COMPAT = 6, UPDATE_VA_MAPPING = 14, XEN_VERSION = 17, CONSOLE_IO = 18, IRET = 23, MMUEXT_OP = 26,
            SCHED_OP = 29;

    /** sched_op commands. */
    public static final int SCHED_YIELD = 0, SCHED_BLOCK = 1, SCHED_SHUTDOWN = 2;
    /** mmuext_op commands (a subset). */
    public static final int MMUEXT_INVLPG_LOCAL = 7, MMUEXT_NEW_BASEPTR = 5, MMUEXT_TLB_FLUSH_LOCAL = 6;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "set_trap_table"), Map.entry(1, "mmu_update"), Map.entry(2, "set_gdt"),
            Map.entry(3, "stack_switch"), Map.entry(4, "set_callbacks"), Map.entry(5, "fpu_taskswitch"),
            Map.entry(6, "sched_op_compat"), Map.entry(10, "update_descriptor"), Map.entry(12, "memory_op"),
            Map.entry(13, "multicall"), Map.entry(14, "update_va_mapping"), Map.entry(15, "set_timer_op"),
            Map.entry(17, "xen_version"), Map.entry(18, "console_io"), Map.entry(21, "vm_assist"),
            Map.entry(23, "iret"), Map.entry(24, "vcpu_op"), Map.entry(26, "mmuext_op"), Map.entry(29, "sched_op"),
            Map.entry(30, "callback_op"), Map.entry(32, "event_channel_op"), Map.entry(33, "physdev_op"));

    private Hypercalls() {
    }

    public static String name(int number) {
        return NAMES.getOrDefault(number, "hypercall " + number);
    }
}
