package dev.ringscope.vmm;

import dev.ringscope.isa.Instruction;

/**
 * Classic trap-and-emulate (Popek &amp; Goldberg's Theorem 1): the guest kernel runs directly in
 * ring 1, each privileged instruction faults into the VMM in ring 0, which emulates it on the
 * virtual CPU and resumes. On the x86 ISA the sensitive-but-unprivileged instructions run without
 * trapping and see real state: each divergence is a {@code VirtualizationHole}. With
 * {@code --isa strict} they trap too, and the guest runs exactly as natively.
 */
public final class TrapAndEmulate extends RingCompressed {

    public TrapAndEmulate(CostModel cost) {
        super(cost);
    }

    @Override
    public Technique technique() {
        return Technique.TRAP_EMULATE;
    }

    @Override
    public boolean sensitiveInstruction(int eip, Instruction instruction, byte[] bytes) {
        return directSensitive(eip, instruction, bytes);
    }
}
