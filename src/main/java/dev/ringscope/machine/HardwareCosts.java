package dev.ringscope.machine;

/**
 * What the bare hardware charges, in simulated cycles, beyond one cycle per instruction. A VMM's
 * own costs (traps, exits, emulation, translation) are charged by the monitor through
 * {@link Hardware#charge}; {@code dev.ringscope.vmm.CostModel} holds both for a preset.
 *
 * @param exception         delivering an exception through the IDT
 * @param interrupt         delivering an external interrupt through the IDT
 * @param softwareInterrupt {@code int n} through the IDT (a system call's way in)
 * @param interruptReturn   {@code iretd}
 * @param fastSystemCall    {@code sysenter} or {@code sysexit}
 * @param deviceAccess      an {@code in}/{@code out} that reaches a real (slow, ISA-bus) device
 * @param pageWalk          a TLB miss: walking the page tables
 * @param apicAccess        a load or store of a local APIC register: uncached (SDM Vol. 3A §10.4.1), and a TPR
 *                          write must take effect before the next instruction
 */
public record HardwareCosts(int exception, int interrupt, int softwareInterrupt, int interruptReturn,
                            int fastSystemCall, int deviceAccess, int pageWalk, int apicAccess) {

    /** Every event costs nothing beyond its instructions: cycles count instructions (and idle time). */
    public static final HardwareCosts NONE = new HardwareCosts(0, 0, 0, 0, 0, 0, 0, 0);

    public HardwareCosts {
        if (exception < 0 || interrupt < 0 || softwareInterrupt < 0 || interruptReturn < 0 || fastSystemCall < 0
                || deviceAccess < 0 || pageWalk < 0 || apicAccess < 0) {
            throw new IllegalArgumentException("costs are cycles, never negative");
        }
    }
}
