package dev.ringscope.vmm;

import dev.ringscope.machine.BootException;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;

/**
 * How a guest is run: the technique, the instruction-set rules, the cost preset and (for hardware
 * assist) the VMCS controls. What the main window's toolbar chooses; changing it re-runs the guest.
 */
public record RunSetup(Technique technique, boolean strictIsa, CostModel cost, VmcsControls controls, HostType host) {

    public RunSetup {
        host = host == null ? HostType.TYPE1 : host;
    }

    public RunSetup(Technique technique, boolean strictIsa, CostModel cost, VmcsControls controls) {
        this(technique, strictIsa, cost, controls, HostType.TYPE1);
    }

    public static RunSetup defaults() {
        return of(Technique.NATIVE, false, CostModel.P4_2006);
    }

    public static RunSetup of(Technique technique, boolean strictIsa, CostModel cost) {
        return new RunSetup(technique, strictIsa, cost, VmcsControls.forPreset(cost), HostType.TYPE1);
    }

    /** Another technique; a host that does not run it gives way to type 1 (the window's host choice follows). */
    public RunSetup withTechnique(Technique t) {
        return new RunSetup(t, strictIsa, cost, controls, host.allows(t) ? host : HostType.TYPE1);
    }

    public RunSetup withStrictIsa(boolean strict) {
        return new RunSetup(technique, strict, cost, controls, host);
    }

    /** Another preset brings that preset's VMCS controls (2006: shadow paging; modern: EPT). */
    public RunSetup withCost(CostModel c) {
        return new RunSetup(technique, strictIsa, c, VmcsControls.forPreset(c), host);
    }

    public RunSetup withControls(VmcsControls c) {
        return new RunSetup(technique, strictIsa, cost, c, host);
    }

    /**
     * The same setup on another host.
     *
     * @throws IllegalArgumentException naming the combination when {@code h} does not run this technique
     */
    public RunSetup withHost(HostType h) {
        if (!h.allows(technique)) {
            throw new IllegalArgumentException(h.refusal(technique));
        }
        return new RunSetup(technique, strictIsa, cost, controls, h);
    }

    /** A machine with this setup, booted from {@code image} (built for the technique: PARAVIRT for paravirtual). */
    public Machine boot(byte[] image) throws BootException {
        Machine m = VirtualMachine.create(technique, host, cost, MachineOptions.defaults().withStrictIsa(strictIsa),
                controls);
        m.boot(image);
        return m;
    }

    /** "trap-emulate, strict ISA, 2006 costs"; a host other than type 1 is named: "hardware-assisted on kvm, …" */
    public String describe() {
        return technique.id() + (host == HostType.TYPE1 ? "" : " on " + host.id()) + (strictIsa ? ", strict ISA" : "")
                + ", " + cost.name() + " costs";
    }
}
