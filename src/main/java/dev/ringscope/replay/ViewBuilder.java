package dev.ringscope.replay;

import dev.ringscope.trace.ArchRegister;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.RingOccupancy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds events, one at a time and in order, into what the screen shows; {@link #view()} takes an
 * immutable {@link MachineView} of the result. The fold is a function of the events alone, so a copy
 * taken at event {@code k} and fed events {@code k …} ends where a builder fed {@code 0 …} does:
 * that is what checkpoints rely on.
 */
public final class ViewBuilder {

    /** Ring transitions kept for the fading trail. */
    public static final int TRAIL_LENGTH = 16;

    /** Rings −1 (VMX root) to 3, stored at ring + 1. */
    private static final int LOWEST_RING = -1;
    private static final int RINGS = 5;
    private static final int REGISTERS = ArchRegister.values().length;
    private static final EventKind[] KIND_VALUES = EventKind.values();
    private static final int KINDS = KIND_VALUES.length;

    private long position;
    private long retired;
    private long cycle;
    private final int[] registers;
    private long knownRegisters; // bit per ArchRegister ordinal
    private CurrentInstruction current;

    private long stepStart;
    private boolean afterRetire;
    private final EnumMap<ArchRegister, Integer> stepWrites;
    private final ArrayList<MemoryTouch> stepMemory;
    private long stepMemoryDropped;
    private final ArrayList<Event> stepEvents;
    private long stepEventsDropped;

    private int ring;
    private final RingOccupancy rings;
    /** The index of the first instruction retired in each ring, -1 before one. */
    private final long[] firstInRing;
    private final ArrayDeque<Event.RingTransition> trail;
    private final long[] cyclesByRing;
    /** The cycle the next instruction's cycles are counted from; -1 until the first event. */
    private long countedUpTo = -1;

    private final ConsoleBuffer console;
    private final long[] counts;
    private Event lastEvent;
    private Event.RunEnded runEnded;

    /** A builder at the start of a native run: no events yet. */
    public ViewBuilder() {
        this(RingOccupancy.NATIVE);
    }

    /** A builder at the start of a run whose rings are laid out as {@code rings} (the technique's, from the header). */
    public ViewBuilder(RingOccupancy rings) {
        this.rings = java.util.Objects.requireNonNull(rings, "rings");
        registers = new int[REGISTERS];
        stepWrites = new EnumMap<>(ArchRegister.class);
        stepMemory = new ArrayList<>();
        stepEvents = new ArrayList<>();
        firstInRing = new long[RINGS];
        java.util.Arrays.fill(firstInRing, -1);
        trail = new ArrayDeque<>(TRAIL_LENGTH);
        cyclesByRing = new long[RINGS];
        console = new ConsoleBuffer();
        counts = new long[KINDS];
    }

    private ViewBuilder(ViewBuilder from) {
        position = from.position;
        retired = from.retired;
        cycle = from.cycle;
        registers = from.registers.clone();
        knownRegisters = from.knownRegisters;
        current = from.current;
        stepStart = from.stepStart;
        afterRetire = from.afterRetire;
        stepWrites = new EnumMap<>(from.stepWrites);
        stepMemory = new ArrayList<>(from.stepMemory);
        stepMemoryDropped = from.stepMemoryDropped;
        stepEvents = new ArrayList<>(from.stepEvents);
        stepEventsDropped = from.stepEventsDropped;
        ring = from.ring;
        rings = from.rings;
        firstInRing = from.firstInRing.clone();
        trail = new ArrayDeque<>(from.trail);
        cyclesByRing = from.cyclesByRing.clone();
        countedUpTo = from.countedUpTo;
        console = from.console.copy();
        counts = from.counts.clone();
        lastEvent = from.lastEvent;
        runEnded = from.runEnded;
    }

    /** The view after folding every event of {@code events}, from the first. */
    public static MachineView fold(Iterable<Event> events) {
        return fold(events, RingOccupancy.NATIVE);
    }

    /** The view after folding every event of {@code events}, from the first, of a run laid out as {@code rings}. */
    public static MachineView fold(Iterable<Event> events, RingOccupancy rings) {
        ViewBuilder builder = new ViewBuilder(rings);
        for (Event e : events) {
            builder.apply(e);
        }
        return builder.view();
    }

    /** An independent builder at the same point. */
    public ViewBuilder copy() {
        return new ViewBuilder(this);
    }

    /** How many events have been folded in; the seq the next one must have. */
    public long position() {
        return position;
    }

    /**
     * Folds in the next event.
     *
     * @throws IllegalArgumentException if its seq is not {@link #position()}: a view is of a whole
     *                                  prefix of a run, never of a run with gaps
     */
    public void apply(Event e) {
        if (e.seq() != position) {
            throw new IllegalArgumentException("event seq " + e.seq() + " folded at position " + position);
        }
        if (countedUpTo < 0) {
            // cycles before the first event are not counted: an instruction retires one cycle after it starts
            countedUpTo = e instanceof Event.InstructionRetired ? e.cycle() - 1 : e.cycle();
        }
        boolean registerWrite = e instanceof Event.RegisterWrite;
        if (afterRetire && !registerWrite) {
            startStep(e.seq());
        }
        if (e instanceof Event.InstructionRetired r) {
            retire(r);
        } else if (registerWrite) {
            Event.RegisterWrite w = (Event.RegisterWrite) e;
            int r = w.register().ordinal();
            registers[r] = w.value();
            knownRegisters |= 1L << r;
            stepWrites.put(w.register(), w.value());
        } else if (e instanceof Event.MemoryAccess m) {
            if (stepMemory.size() < Step.MAX_MEMORY) {
                stepMemory.add(new MemoryTouch(m.seq(), m.linear(), m.physical(), m.size(), m.value(), m.write()));
            } else {
                stepMemoryDropped++;
            }
        } else {
            if (stepEvents.size() < Step.MAX_EVENTS) {
                stepEvents.add(e);
            } else {
                stepEventsDropped++;
            }
            applyOther(e);
        }
        counts[EventKind.of(e).ordinal()]++;
        cycle = e.cycle();
        lastEvent = e;
        position++;
    }

    private void retire(Event.InstructionRetired r) {
        current = new CurrentInstruction(retired, r.seq(), r.cycle(), r.eip(), r.cpl(), r.bytes());
        retired++;
        ring = r.cpl();
        if (isRing(r.cpl())) {
            cyclesByRing[r.cpl() - LOWEST_RING] += r.cycle() - countedUpTo;
            if (firstInRing[r.cpl() - LOWEST_RING] < 0) {
                firstInRing[r.cpl() - LOWEST_RING] = retired - 1;
            }
        }
        countedUpTo = r.cycle();
        afterRetire = true;
    }

    private void applyOther(Event e) {
        if (e instanceof Event.RingTransition t) {
            // who is in which ring is the layout's (a fact of the technique), not learned from crossings
            if (isRing(t.toRing())) {
                ring = t.toRing();
            }
            if (trail.size() == TRAIL_LENGTH) {
                trail.removeFirst();
            }
            trail.addLast(t);
        } else if (e instanceof Event.ConsoleOutput c) {
            console.append(c.text());
        } else if (e instanceof Event.RunEnded end) {
            runEnded = end;
        }
    }

    private static boolean isRing(int ring) {
        return ring >= LOWEST_RING && ring < LOWEST_RING + RINGS;
    }

    private void startStep(long seq) {
        stepStart = seq;
        afterRetire = false;
        stepWrites.clear();
        stepMemory.clear();
        stepMemoryDropped = 0;
        stepEvents.clear();
        stepEventsDropped = 0;
    }

    /** The latest value of a register, or null if no event has written it. */
    Integer register(ArchRegister register) {
        return (knownRegisters & (1L << register.ordinal())) != 0 ? registers[register.ordinal()] : null;
    }

    long retired() {
        return retired;
    }

    /** The last ring transition of the current step, or null. */
    Event.RingTransition stepCrossing() {
        for (int i = stepEvents.size() - 1; i >= 0; i--) {
            if (stepEvents.get(i) instanceof Event.RingTransition t) {
                return t;
            }
        }
        return null;
    }

    CurrentInstruction current() {
        return current;
    }

    /** The view of everything folded in so far. */
    public MachineView view() {
        EnumMap<ArchRegister, Integer> known = new EnumMap<>(ArchRegister.class);
        for (int r = 0; r < REGISTERS; r++) {
            if ((knownRegisters & (1L << r)) != 0) {
                known.put(ArchRegister.of(r), registers[r]);
            }
        }
        TreeMap<Integer, Long> spent = new TreeMap<>();
        TreeMap<Integer, Long> first = new TreeMap<>();
        for (int i = 0; i < RINGS; i++) {
            if (firstInRing[i] >= 0) {
                first.put(i + LOWEST_RING, firstInRing[i]);
            }
            if (cyclesByRing[i] != 0) {
                spent.put(i + LOWEST_RING, cyclesByRing[i]);
            }
        }
        Map<EventKind, Long> kinds = new EnumMap<>(EventKind.class);
        for (int k = 0; k < KINDS; k++) {
            if (counts[k] != 0) {
                kinds.put(KIND_VALUES[k], counts[k]);
            }
        }
        Step step = new Step(stepStart, stepWrites, stepMemory, stepMemoryDropped, stepEvents, stepEventsDropped);
        return new MachineView(position, retired, cycle, known, current, step, ring, rings, first, List.copyOf(trail),
                spent, console.text(), kinds, lastEvent == null ? null : new ShownEvent(lastEvent), runEnded);
    }
}
