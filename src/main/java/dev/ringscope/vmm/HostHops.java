package dev.ringscope.vmm;

import dev.ringscope.machine.Hardware;
import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Party;

/**
 * The host's hops as crossings on the event stream, each charged to the VMM's transitions. In the
 * simplified picture every party in VMX root is in ring −1; beside a VMM without VT-x (hosted
 * binary translation) the host's parties are in the host world's own rings 0 and 3.
 */
final class HostHops {

    private final Vmm vmm;
    private final Hardware hw;
    private final boolean vmxRoot;

    HostHops(Vmm vmm, Hardware hw, boolean vmxRoot) {
        this.vmm = vmm;
        this.hw = hw;
        this.vmxRoot = vmxRoot;
    }

    /** One crossing from {@code from} to {@code to}, and its cycles. */
    void hop(Party from, Party to, Cause cause, String label, int cycles) {
        hw.hostHop(ring(from), ring(to), from, to, cause, label);
        vmm.charge(VmmStats.Category.TRANSITIONS, cycles);
    }

    /** Work done in one place (the VMM process emulating a device, the host kernel writing), charged to the VMM. */
    void work(int cycles) {
        vmm.charge(VmmStats.Category.VMM, cycles);
    }

    private int ring(Party p) {
        return vmxRoot ? -1 : p.hostRing();
    }
}
