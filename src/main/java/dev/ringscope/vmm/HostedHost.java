package dev.ringscope.vmm;

import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Party;

/**
 * Type 2, hosted, as VMware Workstation (Sugerman, Venkitachalam &amp; Lim, USENIX ATC 2001): the
 * VMM runs in its own context (the "VMM world") and takes the guest's exits and traps there; the
 * interrupt controller and timer are its own. For a device backed by the host (here the UART and
 * port 0xE9) the VMM's driver in the host kernel performs a world switch to the host's context and
 * returns to the VMM process (the VMX application) in ring 3, which does the I/O with ordinary
 * host system calls, then asks the driver by ioctl to run the VM again: a world switch back.
 */
final class HostedHost extends ProcessBackedHost {

    HostedHost(HostCosts costs) {
        super(costs);
    }

    @Override
    public HostType type() {
        return HostType.TYPE2;
    }

    @Override
    public Party exitParty() {
        return Party.VMM;
    }

    @Override
    public void portAccessed(HostHops hops, int port, boolean write) {
        if (!servesInUserSpace(port)) {
            return;
        }
        hops.hop(Party.VMM, Party.HOST_KERNEL, Cause.WORLD_SWITCH, "world switch to the host", costs.worldSwitch());
        hops.hop(Party.HOST_KERNEL, Party.VMM_PROCESS, Cause.EXIT_TO_USER, "driver returns to the VMM process",
                costs.userCrossing());
        inProcess(hops, port, write);
        hops.hop(Party.VMM_PROCESS, Party.HOST_KERNEL, Cause.HOST_SYSCALL, "ioctl(run the VM)", costs.userCrossing());
        hops.hop(Party.HOST_KERNEL, Party.VMM, Cause.WORLD_SWITCH, "world switch to the VMM", costs.worldSwitch());
    }
}
