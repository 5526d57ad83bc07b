package dev.ringscope.vmm;

import java.util.Map;
import java.util.TreeMap;

/** What a VMM did in a run, counted whether or not events are recorded. */
public final class VmmStats {

    /** Where the cycles went, beyond the guest's own instructions (which are the rest). */
    public enum Category {
        GUEST("guest direct"), VMM("VMM"), TRANSITIONS("transitions"), TRANSLATION("translation");

        private final String label;

        Category(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public VmmStats() {
    }

    long traps;
    long emulated;
    long reflected;
    long holes;
    long translatedBlocks;
    long translatedInstructions;
    long invalidations;
    long callouts;
    long hiddenPageFaults;
    long pageTableTraces;
    final TreeMap<Integer, Long> exits = new TreeMap<>();
    final TreeMap<Integer, Long> hypercalls = new TreeMap<>();
    final long[] cycles = new long[Category.values().length];

    VmmStats copy() {
        VmmStats c = new VmmStats();
        c.traps = traps;
        c.emulated = emulated;
        c.reflected = reflected;
        c.holes = holes;
        c.translatedBlocks = translatedBlocks;
        c.translatedInstructions = translatedInstructions;
        c.invalidations = invalidations;
        c.callouts = callouts;
        c.hiddenPageFaults = hiddenPageFaults;
        c.pageTableTraces = pageTableTraces;
        c.exits.putAll(exits);
        c.hypercalls.putAll(hypercalls);
        System.arraycopy(cycles, 0, c.cycles, 0, cycles.length);
        return c;
    }

    public long traps() { return traps; }

    public long emulated() { return emulated; }

    public long reflected() { return reflected; }

    public long holes() { return holes; }

    public long translatedBlocks() { return translatedBlocks; }

    public long invalidations() { return invalidations; }

    public long callouts() { return callouts; }

    public long hiddenPageFaults() { return hiddenPageFaults; }

    public long pageTableTraces() { return pageTableTraces; }

    public long exitCount() {
        return exits.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * How often the guest entered its VMM, whatever the technique calls it: VM exits (hardware assist),
     * traps (trap-and-emulate, binary translation's traced faults, paravirtual), hypercalls, callouts.
     */
    public long vmmEntries() {
        return exitCount() + traps + hypercallCount() + callouts;
    }

    public long hypercallCount() {
        return hypercalls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** VM exits by basic exit reason name ("12 HLT" → count), in reason order. */
    public Map<String, Long> exitsByReason() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        exits.forEach((r, n) -> m.put(r + " " + ExitReason.name(r), n));
        return m;
    }

    /** Hypercalls by number and name. */
    public Map<String, Long> hypercallsByNumber() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        hypercalls.forEach((nr, n) -> m.put(nr + " " + Hypercalls.name(nr), n));
        return m;
    }

    /** Cycles the VMM's categories took; guest direct is the run's total minus these. */
    public long cycles(Category c) {
        return cycles[c.ordinal()];
    }

    /** Cycles by category label, with guest direct computed from the run's total. */
    public Map<String, Long> cyclesByCategory(long total) {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        long others = cycles[1] + cycles[2] + cycles[3];
        m.put(Category.GUEST.label(), total - others);
        m.put(Category.VMM.label(), cycles[1]);
        m.put(Category.TRANSITIONS.label(), cycles[2]);
        m.put(Category.TRANSLATION.label(), cycles[3]);
        return m;
    }

    /** The counters for {@code run --json}. */
    public Map<String, Object> asMap(long totalCycles) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("traps", traps);
        m.put("emulatedInstructions", emulated);
        m.put("reflected", reflected);
        m.put("vmExits", exitCount());
        m.put("vmExitsByReason", exitsByReason());
        m.put("hypercalls", hypercallCount());
        m.put("hypercallsByNumber", hypercallsByNumber());
        m.put("translatedBlocks", translatedBlocks);
        m.put("translatedInstructions", translatedInstructions);
        m.put("callouts", callouts);
        m.put("cacheInvalidations", invalidations);
        m.put("hiddenPageFaults", hiddenPageFaults);
        m.put("pageTableTraces", pageTableTraces);
        m.put("holes", holes);
        m.put("cyclesByCategory", cyclesByCategory(totalCycles));
        return m;
    }
}
