package dev.ringscope.vmm;

import dev.ringscope.trace.Party;

/**
 * What happens on the host's side of a hypervisor once the VMM (or KVM) has taken an exit: one
 * class per {@link HostType}. The VMM calls it; it answers with hops on the event stream and their
 * cycles, and returns control to the party that took the exit.
 */
interface Host {

    HostType type();

    /** Who takes a VM exit in root operation: the VMM itself, or the host kernel's KVM module. */
    Party exitParty();

    /** Whether a guest access to {@code port} is served in the host's user space (not by the party that took the exit). */
    boolean servesInUserSpace(int port);

    /**
     * The guest's access to {@code port} has been carried out on the device model; play the host's
     * part: nothing on bare metal, the trip through the VMM process (and its system calls) otherwise.
     */
    void portAccessed(HostHops hops, int port, boolean write);

    /**
     * The interrupt controller and timer: kept in the hypervisor's own context under every host
     * (VMware's VMM emulates them; KVM_CREATE_IRQCHIP and KVM_CREATE_PIT2 put them in the host kernel).
     * Ports: PIC 0x20–0x21 and 0xA0–0xA1, PIT 0x40–0x43.
     */
    static boolean interruptControllerOrTimer(int port) {
        return port == 0x20 || port == 0x21 || port == 0xA0 || port == 0xA1 || (port >= 0x40 && port <= 0x43);
    }

    /** The console ports a write to which reaches the real console: the UART's data register and the debug port. */
    static boolean consoleData(int port) {
        return port == 0x3F8 || port == 0xE9;
    }
}
