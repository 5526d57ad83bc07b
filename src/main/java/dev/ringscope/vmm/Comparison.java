package dev.ringscope.vmm;

import dev.ringscope.machine.BootException;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one guest under several techniques with one cost preset, for {@code compare} and the
 * comparison view. The guest comes as a function of the technique, because a paravirtual run
 * needs the kernel built with {@code PARAVIRT}.
 */
public final class Comparison {

    /** Builds the guest image a technique runs. */
    @FunctionalInterface
    public interface Guest {
        byte[] image(Technique technique) throws Exception;
    }

    private Comparison() {
    }

    public static List<GuestRun> run(Guest guest, List<Technique> techniques, CostModel cost, boolean strictIsa,
                                     long maxInstructions) throws Exception {
        List<GuestRun> runs = new ArrayList<>();
        for (Technique t : techniques) {
            runs.add(runOne(guest.image(t), t, cost, strictIsa, VmcsControls.forPreset(cost), maxInstructions));
        }
        return runs;
    }

    public static GuestRun runOne(byte[] image, Technique technique, CostModel cost, boolean strictIsa,
                                  VmcsControls controls, long maxInstructions) throws BootException {
        return runOne(image, technique, cost, strictIsa, controls, maxInstructions, () -> true);
    }

    /** The same, a million instructions at a time while {@code keepGoing} says so; null if it was called off. */
    public static GuestRun runOne(byte[] image, Technique technique, CostModel cost, boolean strictIsa,
                                  VmcsControls controls, long maxInstructions, java.util.function.BooleanSupplier keepGoing)
            throws BootException {
        Machine m = VirtualMachine.create(technique, cost, MachineOptions.defaults().withStrictIsa(strictIsa), controls);
        m.boot(image);
        long left = maxInstructions;
        while (left > 0 && !m.stopped()) {
            if (!keepGoing.getAsBoolean()) {
                return null;
            }
            long before = m.instructions();
            m.run(Math.min(left, 1_000_000));
            left -= m.instructions() - before;
        }
        return GuestRun.of(technique, m);
    }
}
