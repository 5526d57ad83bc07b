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
        return run(guest, techniques, List.of(HostType.TYPE1), cost, strictIsa, maxInstructions);
    }

    public static GuestRun runOne(byte[] image, Technique technique, CostModel cost, boolean strictIsa,
                                  VmcsControls controls, long maxInstructions) throws BootException {
        return runOne(image, technique, cost, strictIsa, controls, maxInstructions, () -> true);
    }

    /** One technique on one host (the combination must be allowed: {@link HostType#refusal}). */
    public static GuestRun runOne(byte[] image, RunSetup setup, long maxInstructions) throws BootException {
        return runOne(image, setup, maxInstructions, () -> true);
    }

    /** The same, a million instructions at a time while {@code keepGoing} says so; null if it was called off. */
    public static GuestRun runOne(byte[] image, RunSetup setup, long maxInstructions,
                                  java.util.function.BooleanSupplier keepGoing) throws BootException {
        return runOne(setup.boot(image), setup.technique(), maxInstructions, keepGoing);
    }

    /**
     * The guest under each technique on each host it runs on: native once (it has no host), every
     * other technique on each of {@code hosts}, technique by technique.
     *
     * @throws IllegalArgumentException naming the first combination a host does not run
     */
    public static List<GuestRun> run(Guest guest, List<Technique> techniques, List<HostType> hosts, CostModel cost,
                                     boolean strictIsa, long maxInstructions) throws Exception {
        for (Technique t : techniques) {
            for (HostType h : hosts) {
                if (t != Technique.NATIVE && !h.allows(t)) {
                    throw new IllegalArgumentException(h.refusal(t));
                }
            }
        }
        List<GuestRun> runs = new ArrayList<>();
        for (Technique t : techniques) {
            byte[] image = guest.image(t);
            for (HostType h : t == Technique.NATIVE ? List.of(HostType.TYPE1) : hosts) {
                runs.add(runOne(image, RunSetup.of(t, strictIsa, cost).withHost(h), maxInstructions));
            }
        }
        return runs;
    }

    /** The same, a million instructions at a time while {@code keepGoing} says so; null if it was called off. */
    public static GuestRun runOne(byte[] image, Technique technique, CostModel cost, boolean strictIsa,
                                  VmcsControls controls, long maxInstructions, java.util.function.BooleanSupplier keepGoing)
            throws BootException {
        Machine m = VirtualMachine.create(technique, cost, MachineOptions.defaults().withStrictIsa(strictIsa), controls);
        m.boot(image);
        return runOne(m, technique, maxInstructions, keepGoing);
    }

    private static GuestRun runOne(Machine m, Technique technique, long maxInstructions,
                                   java.util.function.BooleanSupplier keepGoing) {
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
