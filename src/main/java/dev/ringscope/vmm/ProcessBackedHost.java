package dev.ringscope.vmm;

import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Party;

/**
 * What the hosted and KVM models share: devices other than the interrupt controller and timer are
 * emulated by the VMM's process in the host's ring 3 (VMware's VMX application; QEMU), and the
 * guest's console bytes reach the real console by that process's own {@code write} system call.
 */
abstract class ProcessBackedHost implements Host {

    protected final HostCosts costs;

    ProcessBackedHost(HostCosts costs) {
        this.costs = costs;
    }

    @Override
    public boolean servesInUserSpace(int port) {
        return !Host.interruptControllerOrTimer(port);
    }

    /** The process's part: emulate the device, and write console output through the host kernel. */
    protected void inProcess(HostHops hops, int port, boolean write) {
        hops.work(costs.userDeviceModel());
        if (write && Host.consoleData(port)) {
            hops.hop(Party.VMM_PROCESS, Party.HOST_KERNEL, Cause.HOST_SYSCALL, "write(1, …)", costs.userCrossing());
            hops.work(costs.hostWrite());
            hops.hop(Party.HOST_KERNEL, Party.VMM_PROCESS, Cause.RETURN, "write returns", costs.userCrossing());
        }
    }
}
