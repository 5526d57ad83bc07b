package dev.ringscope.vmm;

import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;

/** Builds a machine that runs its guest under a technique, with a cost preset. */
public final class VirtualMachine {

    private VirtualMachine() {
    }

    /** A machine for {@code technique} (native: no monitor), costs from {@code cost}; boot it next. */
    public static Machine create(Technique technique, CostModel cost, MachineOptions options, VmcsControls controls) {
        return create(technique, HostType.TYPE1, cost, options, controls);
    }

    /**
     * A machine for {@code technique} on {@code host}; boot it next.
     *
     * @throws IllegalArgumentException for a combination the host does not run ({@link HostType#refusal})
     */
    public static Machine create(Technique technique, HostType host, CostModel cost, MachineOptions options,
                                 VmcsControls controls) {
        if (!host.allows(technique)) {
            throw new IllegalArgumentException(host.refusal(technique));
        }
        return create(technique, host, cost, controls, new Machine(options));
    }

    /**
     * As above, on a machine already built (a guest on its own frames of host memory: {@link MultiGuestRun}); the
     * caller has checked that the host runs the technique.
     */
    static Machine create(Technique technique, HostType host, CostModel cost, VmcsControls controls, Machine m) {
        m.setCosts(cost.hardware());
        Vmm vmm = monitor(technique, cost, controls);
        if (vmm != null) {
            vmm.runOn(host);
            m.attach(vmm);
        }
        return m;
    }

    public static Machine create(Technique technique, CostModel cost, MachineOptions options) {
        return create(technique, cost, options, VmcsControls.forPreset(cost));
    }

    static Vmm monitor(Technique technique, CostModel cost, VmcsControls controls) {
        return switch (technique) {
            case NATIVE -> null;
            case TRAP_EMULATE -> new TrapAndEmulate(cost);
            case BINARY_TRANSLATION -> new BinaryTranslation(cost);
            case PARAVIRTUAL -> new Paravirtual(cost);
            case HARDWARE_ASSISTED -> new HardwareAssisted(cost, controls);
        };
    }

    /** The VMM a machine runs under, or null when native. */
    public static Vmm vmm(Machine m) {
        return m.monitor() instanceof Vmm v ? v : null;
    }

    /** The host a machine's VMM runs on (type 1 when native). */
    public static HostType host(Machine m) {
        Vmm v = vmm(m);
        return v == null ? HostType.TYPE1 : v.host();
    }

    /** The technique a machine runs its guest under. */
    public static Technique technique(Machine m) {
        Vmm v = vmm(m);
        return v == null ? Technique.NATIVE : v.technique();
    }
}
