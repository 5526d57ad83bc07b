package dev.ringscope.vmm;

import dev.ringscope.machine.BootException;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;

/**
 * How a guest is run: the technique, the instruction-set rules, the cost preset and (for hardware
 * assist) the VMCS controls. What the main window's toolbar chooses; changing it re-runs the guest.
 */
public record RunSetup(Technique technique, boolean strictIsa, CostModel cost, VmcsControls controls) {

    public static RunSetup defaults() {
        return of(Technique.NATIVE, false, CostModel.P4_2006);
    }

    public static RunSetup of(Technique technique, boolean strictIsa, CostModel cost) {
        return new RunSetup(technique, strictIsa, cost, VmcsControls.forPreset(cost));
    }

    public RunSetup withTechnique(Technique t) {
        return new RunSetup(t, strictIsa, cost, controls);
    }

    public RunSetup withStrictIsa(boolean strict) {
        return new RunSetup(technique, strict, cost, controls);
    }

    /** Another preset brings that preset's VMCS controls (2006: shadow paging; modern: EPT). */
    public RunSetup withCost(CostModel c) {
        return new RunSetup(technique, strictIsa, c, VmcsControls.forPreset(c));
    }

    public RunSetup withControls(VmcsControls c) {
        return new RunSetup(technique, strictIsa, cost, c);
    }

    /** A machine with this setup, booted from {@code image} (built for the technique: PARAVIRT for paravirtual). */
    public Machine boot(byte[] image) throws BootException {
        Machine m = VirtualMachine.create(technique, cost, MachineOptions.defaults().withStrictIsa(strictIsa), controls);
        m.boot(image);
        return m;
    }

    /** "trap-emulate, strict ISA, 2006 costs" */
    public String describe() {
        return technique.id() + (strictIsa ? ", strict ISA" : "") + ", " + cost.name() + " costs";
    }
}
