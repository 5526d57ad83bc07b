package dev.ringscope.replay;

import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Several runs of one guest (one per technique) moved together, for the comparison view. Three
 * ways to keep them together:
 * <ul>
 *   <li>{@link Mode#MILESTONES} (the default): by guest-visible milestones — the k-th system call the
 *       user program makes is the same user instruction in every run, whatever kernel (a paravirtual
 *       guest is another kernel build) or VMM ran in between. Between two milestones each run shows
 *       how many instructions and cycles it spent ({@link #sinceMilestone}).</li>
 *   <li>{@link Mode#INSTRUCTIONS}: the same number of guest instructions retired in every run — the
 *       same instruction only where the runs execute the same binary.</li>
 *   <li>{@link Mode#CYCLES}: the same simulated time, so the runs that pay more fall behind.</li>
 * </ul>
 * After every move the runs are checked against the reference run (native): a virtualization hole,
 * or console output that departs from the reference's, is a {@link Divergence}, and the move stops there.
 */
public final class Lockstep {

    /** What keeps the runs together. */
    public enum Mode { MILESTONES, INSTRUCTIONS, CYCLES }

    /**
     * What a run did since the previous milestone (or the start): instructions and cycles, the
     * milestone it is at (1 = its first system call; 0 before one), and whether it is there.
     */
    public record Progress(long milestone, boolean atMilestone, long instructions, long cycles) {
    }

    /** The most instructions one run may take to reach its next milestone in one move. */
    static final long MILESTONE_BOUND = 1_000_000;

    /**
     * A run departed from the reference: at its instruction {@code instruction}, {@code what}
     * happened (in words, native's behaviour and the run's).
     */
    public record Divergence(int pane, long instruction, String what) {
    }

    /** How far back a hole is looked for in the events of a move. */
    private static final long LOOK_BACK = 100_000;

    private final List<Playback> panes;
    private final int reference;
    private final long[] holesSeen;
    private final boolean[] diverged;
    private Mode mode = Mode.MILESTONES;
    private long clock;
    /** Milestone mode: the milestone every run is moving to (0: none yet). */
    private long milestone;
    /** Per run: instructions and cycles at the milestone before the last one it reached, and at that one. */
    private final long[] lastInstructions;
    private final long[] lastCycles;
    private final long[] arrivedInstructions;
    private final long[] arrivedCycles;

    /** {@code reference}: the index of the run the others are checked against (native), or -1 for none. */
    public Lockstep(List<Playback> panes, int reference) {
        if (panes.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least one run");
        }
        this.panes = List.copyOf(panes);
        this.reference = reference;
        this.holesSeen = new long[panes.size()];
        this.diverged = new boolean[panes.size()];
        this.lastInstructions = new long[panes.size()];
        this.lastCycles = new long[panes.size()];
        this.arrivedInstructions = new long[panes.size()];
        this.arrivedCycles = new long[panes.size()];
    }

    public List<Playback> panes() {
        return panes;
    }

    public List<MachineView> views() {
        List<MachineView> v = new ArrayList<>();
        for (Playback p : panes) {
            v.add(p.view());
        }
        return v;
    }

    public Mode mode() {
        return mode;
    }

    /** Switching to cycles starts the common clock where the furthest run is. */
    public void setMode(Mode m) {
        mode = m;
        if (m == Mode.CYCLES) {
            clock = 0;
            for (Playback p : panes) {
                clock = Math.max(clock, p.view().cycle());
            }
        }
    }

    /** The simulated time all runs reach in cycle mode. */
    public long clock() {
        return clock;
    }

    /**
     * The next milestone in every run (milestone mode), one guest instruction in every run (instruction
     * mode), or {@code cycles} more simulated time (cycle mode).
     */
    public Optional<Divergence> step(long cycles) {
        if (mode == Mode.MILESTONES) {
            milestone = reached() + 1;
            for (int i = 0; i < panes.size(); i++) {
                toMilestone(i, MILESTONE_BOUND);
            }
            return check();
        }
        if (mode == Mode.INSTRUCTIONS) {
            return advance(1);
        }
        clock += Math.max(1, cycles);
        for (Playback p : panes) {
            toCycle(p, clock);
        }
        return check();
    }

    /**
     * {@code n} guest instructions in every run (playing in instruction mode); in milestone mode, up to
     * {@code n} instructions in each run towards the next milestone, and on to the one after once every
     * run is there (playing).
     */
    public Optional<Divergence> advance(long n) {
        if (mode == Mode.MILESTONES) {
            if (milestone <= reached()) {
                milestone = reached() + 1;
            }
            for (int i = 0; i < panes.size(); i++) {
                toMilestone(i, n);
            }
            return check();
        }
        long target = -1;
        for (Playback p : panes) {
            target = Math.max(target, p.view().instructionsRetired());
        }
        target += n;
        for (Playback p : panes) {
            long behind = target - p.view().instructionsRetired();
            if (behind > 0) {
                p.advance(behind);
            }
        }
        return check();
    }

    /** Back to the start of every run. */
    public void home() {
        for (Playback p : panes) {
            p.home();
        }
        clock = 0;
        milestone = 0;
        java.util.Arrays.fill(holesSeen, 0);
        java.util.Arrays.fill(diverged, false);
        java.util.Arrays.fill(lastInstructions, 0);
        java.util.Arrays.fill(lastCycles, 0);
        java.util.Arrays.fill(arrivedInstructions, 0);
        java.util.Arrays.fill(arrivedCycles, 0);
    }

    /** The milestone every run has reached (or ended before): the one they all show in milestone mode. */
    public long reached() {
        long least = Long.MAX_VALUE;
        for (Playback p : panes) {
            MachineView v = p.view();
            if (!(v.ended() || p.position().atEnd())) {
                least = Math.min(least, milestones(v));
            }
        }
        return least == Long.MAX_VALUE ? milestone : least;
    }

    /** The milestone mode's progress of run {@code pane}: where it is, and what it spent since the last milestone. */
    public Progress sinceMilestone(int pane) {
        MachineView v = panes.get(pane).view();
        long at = milestones(v);
        boolean there = v.step().events().stream().anyMatch(e -> e instanceof Event.SystemCall);
        long[] fromI = there ? lastInstructions : arrivedInstructions;
        long[] fromC = there ? lastCycles : arrivedCycles;
        return new Progress(at, there, v.instructionsRetired() - fromI[pane], v.cycle() - fromC[pane]);
    }

    private static long milestones(MachineView v) {
        return v.count(EventKind.SYSTEM_CALL);
    }

    /** Moves run {@code i} towards the current milestone, at most {@code bound} instructions. */
    private void toMilestone(int i, long bound) {
        Playback p = panes.get(i);
        long before = milestones(p.view());
        if (before >= milestone) {
            return;
        }
        long left = bound;
        while (left > 0 && milestones(p.view()) < milestone) {
            Move m = p.stepToNext(java.util.EnumSet.of(EventKind.SYSTEM_CALL), left);
            left -= Math.max(1, m.instructions());
            if (m.stop() == Move.Stop.END || m.stop() == Move.Stop.BREAKPOINT) {
                break;
            }
        }
        if (milestones(p.view()) > before) {
            // what it spent from the milestone before to this one
            lastInstructions[i] = arrivedInstructions[i];
            lastCycles[i] = arrivedCycles[i];
            arrivedInstructions[i] = p.view().instructionsRetired();
            arrivedCycles[i] = p.view().cycle();
        }
    }

    private static void toCycle(Playback p, long cycle) {
        for (int guard = 0; guard < 10_000 && p.view().cycle() < cycle; guard++) {
            MachineView v = p.view();
            // aim at half the distance by the run's cycles per instruction so far (a guess early on), never past it
            long perInstruction = v.instructionsRetired() < 100 ? 5_000 : Math.max(1, v.cycle() / v.instructionsRetired());
            long n = Math.max(1, Math.min(100_000, (cycle - v.cycle()) / perInstruction / 2));
            if (p.advance(n).stop() == Move.Stop.END) {
                return;
            }
        }
    }

    /** A new hole in some run, or output that is no longer the reference's. Each run diverges once. */
    private Optional<Divergence> check() {
        Optional<Divergence> first = Optional.empty();
        String expected = reference >= 0 ? panes.get(reference).view().console().text() : null;
        for (int i = 0; i < panes.size(); i++) {
            MachineView v = panes.get(i).view();
            long holes = v.counts().getOrDefault(EventKind.VIRTUALIZATION_HOLE, 0L);
            Divergence d = null;
            if (holes > holesSeen[i]) {
                holesSeen[i] = holes;
                Event.VirtualizationHole h = lastHole(panes.get(i).trace(), v.position());
                d = new Divergence(i, v.instructionsRetired(), h == null ? "a virtualization hole"
                        : "`" + h.instruction() + "` at " + String.format("0x%08X", h.eip()) + ": natively it "
                        + h.nativeBehaviour() + "; here " + h.actualBehaviour());
            } else if (expected != null && i != reference && !diverged[i]) {
                String text = v.console().text();
                if (!expected.startsWith(text) && !text.startsWith(expected)) {
                    diverged[i] = true;
                    d = new Divergence(i, v.instructionsRetired(), "the console departs from native's: native printed \""
                            + tail(expected, text) + "\", this run \"" + tail(text, expected) + "\"");
                }
            }
            if (d != null && first.isEmpty()) {
                first = Optional.of(d);
            }
        }
        return first;
    }

    /** What {@code a} has after the part it shares with {@code b}, shortened. */
    private static String tail(String a, String b) {
        int common = 0;
        while (common < a.length() && common < b.length() && a.charAt(common) == b.charAt(common)) {
            common++;
        }
        String rest = a.substring(common).replace("\n", "⏎");
        return rest.length() > 60 ? rest.substring(0, 60) + "…" : rest;
    }

    private static Event.VirtualizationHole lastHole(Trace trace, long position) {
        long i = trace.lastIndexOf(EventKind.VIRTUALIZATION_HOLE, position, LOOK_BACK);
        return i < 0 ? null : (Event.VirtualizationHole) trace.get(i);
    }
}
