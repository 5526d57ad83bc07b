package dev.ringscope.vmm;

/**
 * What the host's side of a hosted or KVM hypervisor charges, in simulated cycles, per hop
 * (docs/hypervisor-types.md §Costs says where each figure comes from).
 *
 * @param worldSwitch      the hosted VMM's driver switching between the VMM's context and the host's
 *                         (every register, CR3, the IDT and GDT: Sugerman et al., USENIX ATC 2001)
 * @param userCrossing     the host kernel returning to its user process, or the process entering the kernel
 * @param hostWrite        the host kernel's work for the VMM process's {@code write} of a console byte
 * @param userDeviceModel  the VMM process emulating the device (the same model the VMM would run, in user space)
 */
public record HostCosts(int worldSwitch, int userCrossing, int hostWrite, int userDeviceModel) {

    public HostCosts {
        if (worldSwitch < 0 || userCrossing < 0 || hostWrite < 0 || userDeviceModel < 0) {
            throw new IllegalArgumentException("costs are cycles, never negative");
        }
    }
}
