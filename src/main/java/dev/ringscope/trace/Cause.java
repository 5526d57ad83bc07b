package dev.ringscope.trace;

/**
 * Why execution crossed rings; the UI colours crossings by cause. The last three are hops on the
 * host side of a hosted or KVM hypervisor (docs/hypervisor-types.md): a world switch between the
 * VMM's context and the host's, the host kernel returning to the VMM's process (KVM_RUN returning
 * with an exit reason), and the VMM's process calling its host kernel. New values go at the end:
 * the binary trace form stores a cause by its position.
 */
public enum Cause {
    SYSTEM_CALL, EXCEPTION, INTERRUPT, VM_EXIT, VM_ENTRY, HYPERCALL, RETURN, FAR_TRANSFER,
    WORLD_SWITCH, EXIT_TO_USER, HOST_SYSCALL
}
