package dev.ringscope.vmm;

import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Party;

/**
 * KVM (Kivity et al., OLS 2007; the Linux KVM API, Documentation/virt/kvm/api.rst): the host
 * kernel's KVM module takes every VM exit in root ring 0 and handles in the kernel what it can —
 * control registers, CPUID, HLT, and with KVM_CREATE_IRQCHIP / KVM_CREATE_PIT2 the interrupt
 * controller and timer. A port it does not emulate (the UART, port 0xE9) makes the VMM process's
 * {@code ioctl(KVM_RUN)} return with {@code exit_reason = KVM_EXIT_IO}; the process (QEMU)
 * emulates the device, writes console output with its own system call, and calls KVM_RUN again.
 */
final class KvmHost extends ProcessBackedHost {

    KvmHost(HostCosts costs) {
        super(costs);
    }

    @Override
    public HostType type() {
        return HostType.KVM;
    }

    @Override
    public Party exitParty() {
        return Party.HOST_KERNEL;
    }

    @Override
    public void portAccessed(HostHops hops, int port, boolean write) {
        if (!servesInUserSpace(port)) {
            return;
        }
        hops.hop(Party.HOST_KERNEL, Party.VMM_PROCESS, Cause.EXIT_TO_USER, "KVM_RUN returns: KVM_EXIT_IO",
                costs.userCrossing());
        inProcess(hops, port, write);
        hops.hop(Party.VMM_PROCESS, Party.HOST_KERNEL, Cause.HOST_SYSCALL, "ioctl(KVM_RUN)", costs.userCrossing());
    }
}
