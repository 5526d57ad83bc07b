package dev.ringscope.trace;

/**
 * Who runs on one side of a ring transition. The host's parties (docs/hypervisor-types.md) appear
 * only under a hosted or KVM host: the host kernel (with the VMM's driver or the KVM module) in
 * ring 0 and the VMM's user-space process (VMware's VMX application, QEMU) in ring 3 of the host.
 * New values go at the end: the binary trace form stores a party by its position.
 */
public enum Party {
    GUEST_USER("guest user"), GUEST_KERNEL("guest kernel"), VMM("VMM"),
    HOST_KERNEL("host kernel"), VMM_PROCESS("VMM process");

    private final String label;

    Party(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether this party belongs to the host side: the hypervisor and the host around it, not the guest. */
    public boolean hostSide() {
        return this == VMM || this == HOST_KERNEL || this == VMM_PROCESS;
    }

    /**
     * The ring this host-side party runs in on its own side (VMX root, or the host world): a process
     * in ring 3, a kernel or a VMM in ring 0 (SDM Vol. 3C §23.3: root operation has rings 0–3 too).
     * -1 for the guest's parties, whose ring is the guest's.
     */
    public int hostRing() {
        return switch (this) {
            case VMM, HOST_KERNEL -> 0;
            case VMM_PROCESS -> 3;
            case GUEST_USER, GUEST_KERNEL -> -1;
        };
    }
}
