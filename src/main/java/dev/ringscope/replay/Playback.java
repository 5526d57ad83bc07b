package dev.ringscope.replay;

import dev.ringscope.machine.Machine;
import dev.ringscope.trace.ArchRegister;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.LoadedTrace;
import dev.ringscope.trace.Trace;
import dev.ringscope.trace.TraceHeader;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The cursor the UI drives over a run: step, step back, step over, run to the next event of a kind,
 * seek, breakpoints, and {@link #advance} for playing at a speed. The run is a recorded trace or a
 * live machine; a live machine is run only when the cursor needs events nobody has seen yet, and its
 * events are kept, so stepping back is a move over the recording.
 *
 * <p>Positions: the cursor is at an event position {@code p}, showing the view after events
 * {@code 0 … p-1}. The moves stop at instruction boundaries — just after an InstructionRetired and the
 * register writes that follow it — at 0, or at the end of the events; only {@link #seekEvent} stops
 * anywhere else.
 *
 * <p>Every forward move is bounded by an instruction count, and a live machine gets a budget of steps
 * in proportion, so a guest that never stops (or never halts) cannot block the caller.
 *
 * <p><b>Threads.</b> A Playback is not thread-safe: create it and call it from one thread (the UI's).
 * {@link #advance} returns within its bound, so the UI thread can call it from a timer. The views it
 * hands out are immutable and may be read on any thread.
 */
public final class Playback {

    /**
     * @param viewCheckpointInterval events between view checkpoints: a random seek folds at most this many
     * @param snapshotInterval       live runs: instructions between machine snapshots
     * @param maxSnapshots           live runs: snapshots kept before older ones are thinned out
     */
    public record Settings(int viewCheckpointInterval, long snapshotInterval, int maxSnapshots) {

        public static Settings defaults() {
            return new Settings(4096, 10_000, 64);
        }
    }

    /** Decides, at the end of a step, whether a forward move is done. */
    @FunctionalInterface
    private interface StopRule {
        /** The step is events [start, boundary); its instruction's event is at retiredAt; the cursor is at start. */
        boolean done(long start, long retiredAt, long boundary);
    }

    private static final long NO_MORE = -1;
    private static final long OUT_OF_BUDGET = -2;

    private final RunSource source;
    private final Trace trace;
    private final TraceHeader header;
    private final ViewCheckpoints checkpoints;
    private final InstructionIndex instructionIndex;
    private final Breakpoints breakpoints = new Breakpoints();
    private ViewBuilder cursor;
    /** The view at the cursor, made when first asked for. */
    private MachineView view;
    /** Machine steps the current forward move may still take (live runs): twice its instructions, plus slack. */
    private long stepBudget;

    private Playback(RunSource source, TraceHeader header, Settings settings) {
        this.source = source;
        this.trace = source.trace();
        this.header = header;
        this.checkpoints = new ViewCheckpoints(trace, source.rings(), settings.viewCheckpointInterval());
        this.instructionIndex = new InstructionIndex(trace);
        this.cursor = new ViewBuilder(source.rings());
    }

    // ---------------------------------------------------------------- making one

    /** Plays a recorded trace (which must not grow while played). */
    public static Playback recorded(Trace trace, TraceHeader header) {
        return recorded(trace, header, Settings.defaults());
    }

    /** Plays a recorded trace; of the settings only the view checkpoint interval applies. */
    public static Playback recorded(Trace trace, TraceHeader header, Settings settings) {
        return new Playback(new RecordedRun(trace, header == null ? dev.ringscope.trace.RingOccupancy.NATIVE
                : header.rings()), header, settings);
    }

    public static Playback recorded(LoadedTrace loaded) {
        return recorded(loaded.trace(), loaded.header());
    }

    /**
     * Plays a booted machine as it runs. The machine must not have emitted events yet; from now on
     * it belongs to this playback (which sets its event sink and steps it).
     */
    public static Playback live(Machine booted, TraceHeader header, Settings settings) {
        return new Playback(new LiveRun(booted, settings.snapshotInterval(), settings.maxSnapshots()), header, settings);
    }

    public static Playback live(Machine booted) {
        return live(booted, null, Settings.defaults());
    }

    /** Plays the machine {@code boot} makes (booted, no events emitted yet). */
    public static Playback live(Supplier<Machine> boot) {
        return live(boot.get());
    }

    // ---------------------------------------------------------------- what there is to see

    /** The view at the cursor. */
    public MachineView view() {
        if (view == null) {
            view = cursor.view();
        }
        return view;
    }

    /** The view after the first {@code position} events, wherever the cursor is. */
    public MachineView viewAt(long position) {
        if (position == cursor.position()) {
            return view();
        }
        return checkpoints.builderAt(position).view();
    }

    public PlaybackPosition position() {
        return new PlaybackPosition(cursor.position(), cursor.retired() - 1, trace.size(),
                trace.counts().of(EventKind.INSTRUCTION_RETIRED), source.complete());
    }

    /** The events recorded so far (a live run's grow as the cursor goes forward). */
    public Trace trace() {
        return trace;
    }

    /** Who lives in which ring in this run: the same at every position. */
    public dev.ringscope.trace.RingOccupancy rings() {
        return source.rings();
    }

    /** The trace's header, if one was given. */
    public Optional<TraceHeader> header() {
        return Optional.ofNullable(header);
    }

    public boolean isLive() {
        return source instanceof LiveRun;
    }

    /**
     * The live machine, for the command line and tests; the UI renders views and never needs it. Its
     * state is wherever it last ran, which need not be the cursor: see {@link #rewindMachineTo}.
     */
    public Optional<Machine> machine() {
        return source instanceof LiveRun live ? Optional.of(live.machine()) : Optional.empty();
    }

    // ---------------------------------------------------------------- breakpoints

    public void addBreakpoint(Breakpoint breakpoint) {
        breakpoints.add(breakpoint);
    }

    public boolean removeBreakpoint(Breakpoint breakpoint) {
        return breakpoints.remove(breakpoint);
    }

    public void clearBreakpoints() {
        breakpoints.clear();
    }

    public Set<Breakpoint> breakpoints() {
        return breakpoints.all();
    }

    // ---------------------------------------------------------------- moving forward

    /** Forward to the end of the next instruction's step (running a live machine as needed). */
    public Move stepInstruction() {
        return forward(1, null, false);
    }

    /**
     * Plays on for up to {@code instructions} instructions; stops early at a breakpoint or at the end.
     * The UI's timer calls this to play at a speed.
     */
    public Move advance(long instructions) {
        return forward(instructions, null, true);
    }

    /**
     * Runs the next instruction and, if it was a {@code call}, {@code int n} or {@code int3}, on until
     * the instruction at its return address retires in the caller's ring at the caller's stack level
     * or above (a recursive call returning to the same address deeper down does not count). The view
     * then shows that instruction as last executed: after {@code int 0x80}, the user instruction after
     * it. Stops early at a breakpoint; at most {@code maxInstructions} instructions.
     */
    public Move stepOver(long maxInstructions) {
        Integer espBefore = cursor.register(ArchRegister.ESP);
        Move first = forward(1, null, false);
        if (first.stop() != Move.Stop.COMPLETED || maxInstructions <= 1) {
            return first;
        }
        ReturnPoint back = ReturnPoint.of(cursor, espBefore);
        if (back == null) {
            return first;
        }
        Move rest = forward(maxInstructions - 1, (start, retiredAt, boundary) ->
                back.reachedBy((Event.InstructionRetired) trace.get(retiredAt), cursor.register(ArchRegister.ESP)), true);
        return new Move(rest.stop(), rest.breakpoint(), 1 + rest.instructions());
    }

    /**
     * Forward to the end of the next step with an event of one of {@code kinds}, at most
     * {@code maxInstructions} instructions on; stops early at a breakpoint.
     */
    public Move stepToNext(Set<EventKind> kinds, long maxInstructions) {
        EnumSet<EventKind> wanted = kinds.isEmpty() ? EnumSet.noneOf(EventKind.class) : EnumSet.copyOf(kinds);
        return forward(maxInstructions, (start, retiredAt, boundary) -> {
            for (long i = start; i < boundary; i++) {
                if (wanted.contains(trace.kindAt(i))) {
                    return true;
                }
            }
            return false;
        }, true);
    }

    /** Forward to the end of the next step that crosses rings. */
    public Move stepToNextRingChange(long maxInstructions) {
        return stepToNext(EnumSet.of(EventKind.RING_TRANSITION), maxInstructions);
    }

    /**
     * Makes every view checkpoint and the instruction index up to the end of the events recorded so
     * far, so that afterwards any seek folds at most one checkpoint interval of events. Call it on the
     * thread that made the playback, or on another before handing the playback over (as the app does
     * while it loads a trace); {@code progress} hears the events indexed so far and the total, and
     * returning {@code false} from it stops the work early (what was done stays).
     *
     * @return whether it got to the end
     */
    public boolean index(ProgressListener progress) {
        long end = trace.size();
        long step = Math.max(checkpoints.interval(), 1L << 18);
        for (long at = 0; at < end; at = Math.min(end, at + step)) {
            checkpoints.extendTo(at);
            if (!progress.indexed(at, end)) {
                return false;
            }
        }
        checkpoints.extendTo(end);
        instructionIndex.eventOf(Long.MAX_VALUE - 1);
        return progress.indexed(end, end);
    }

    /** Hears how far {@link #index} has got; false stops it. */
    @FunctionalInterface
    public interface ProgressListener {
        boolean indexed(long events, long of);
    }

    // ---------------------------------------------------------------- moving back and seeking

    /** Back to the previous instruction boundary: exactly one instruction back. */
    public Move stepBack() {
        long at = cursor.position();
        if (at == 0) {
            return new Move(Move.Stop.AT_START, null, 0);
        }
        long n = cursor.retired();
        long target = 0;
        if (n > 0) {
            long boundary = boundaryAfter(instructionIndex.eventOf(n - 1));
            if (boundary < at) {
                target = boundary; // the cursor is past the current instruction's step (at the end, or mid-step)
            } else if (n > 1) {
                target = boundaryAfter(instructionIndex.eventOf(n - 2));
            }
        }
        return moveTo(target);
    }

    /**
     * To the view after the first {@code position} events, clamped to the events recorded so far;
     * the one move that may stop in the middle of a step.
     */
    public Move seekEvent(long position) {
        return moveTo(Math.max(0, Math.min(position, trace.size())));
    }

    /**
     * To the end of instruction {@code index}'s step (-1: the start). A live run runs on to reach it,
     * at most to that instruction; a recorded trace too short ends at its end.
     */
    public Move seekInstruction(long index) {
        if (index < 0) {
            return home();
        }
        long retiredAt = instructionIndex.eventOf(index);
        if (retiredAt >= 0) {
            return moveTo(boundaryAfter(retiredAt));
        }
        long before = cursor.retired();
        Move m = forward(index + 1 - before, null, false);
        return new Move(m.stop(), null, cursor.retired() - before);
    }

    /** To the start: no events folded. */
    public Move home() {
        return moveTo(0);
    }

    /**
     * To the last event recorded so far. A live run is not run further: {@link #advance} does that,
     * within its bound.
     */
    public Move end() {
        Move m = moveTo(trace.size());
        return source.complete() ? new Move(Move.Stop.END, null, m.instructions()) : m;
    }

    /**
     * Live runs: puts the machine itself back to just after instruction {@code index} retired (-1: as
     * it was handed over), by restoring the nearest earlier snapshot and running on. Registers,
     * memory, devices, pending interrupts and console are then those of a fresh run stopped there.
     * The cursor does not move; the next move that needs new events runs the machine on again.
     *
     * @throws IllegalStateException    for a recorded trace
     * @throws IllegalArgumentException if the instruction is not recorded yet
     */
    public void rewindMachineTo(long index) {
        if (!(source instanceof LiveRun live)) {
            throw new IllegalStateException("a recorded trace has no machine to rewind");
        }
        live.rewindTo(index);
    }

    /** Events between view checkpoints. */
    public int checkpointInterval() {
        return checkpoints.interval();
    }

    /** View checkpoints made so far: after {@link #index}, one every {@link #checkpointInterval} events to the end. */
    public int checkpointCount() {
        return checkpoints.count();
    }

    /** Live runs: machine snapshots kept now. */
    int snapshotCount() {
        return source instanceof LiveRun live ? live.snapshotCount() : 0;
    }

    // ---------------------------------------------------------------- the machinery

    /**
     * Moves forward one step at a time, up to {@code maxInstructions} steps, until {@code rule} says
     * done, a breakpoint is hit (if {@code honourBreakpoints}), or the run ends.
     */
    private Move forward(long maxInstructions, StopRule rule, boolean honourBreakpoints) {
        stepBudget = maxInstructions > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : 2 * maxInstructions + 64;
        long moved = 0;
        while (moved < maxInstructions) {
            long start = cursor.position();
            long retiredAt = nextInstruction(start);
            if (retiredAt == OUT_OF_BUDGET) {
                return new Move(Move.Stop.LIMIT, null, moved);
            }
            if (retiredAt == NO_MORE) {
                long end = trace.size();
                Breakpoint hit = honourBreakpoints ? breakpoints.firstHit(trace, start, end, -1) : null;
                moveTo(end);
                return new Move(Move.Stop.END, hit, moved);
            }
            long boundary = boundaryAfter(retiredAt);
            Breakpoint hit = honourBreakpoints ? breakpoints.firstHit(trace, start, boundary, retiredAt) : null;
            boolean done = rule != null && rule.done(start, retiredAt, boundary);
            moveTo(boundary);
            moved++;
            if (hit != null) {
                return new Move(Move.Stop.BREAKPOINT, hit, moved);
            }
            if (done) {
                return new Move(Move.Stop.COMPLETED, null, moved);
            }
        }
        return new Move(rule == null ? Move.Stop.COMPLETED : Move.Stop.LIMIT, null, moved);
    }

    /** The seq of the first InstructionRetired at or after {@code from}, running a live machine for it. */
    private long nextInstruction(long from) {
        long i = from;
        while (true) {
            for (long size = trace.size(); i < size; i++) {
                if (trace.kindAt(i) == EventKind.INSTRUCTION_RETIRED) {
                    return i;
                }
            }
            if (source.complete()) {
                return NO_MORE;
            }
            if (stepBudget <= 0) {
                return OUT_OF_BUDGET;
            }
            stepBudget--;
            source.extend();
        }
    }

    /** Where the step of the instruction retired at {@code retiredAt} ends: after its register writes. */
    private long boundaryAfter(long retiredAt) {
        long i = retiredAt + 1;
        long size = trace.size();
        while (i < size && trace.kindAt(i) == EventKind.REGISTER_WRITE) {
            i++;
        }
        return i;
    }

    private Move moveTo(long position) {
        long before = cursor.retired();
        long from = cursor.position();
        if (position >= from && position - from <= checkpoints.interval()) {
            checkpoints.advance(cursor, position);
        } else {
            cursor = checkpoints.builderAt(position);
        }
        if (position != from) {
            view = null;
        }
        return new Move(Move.Stop.COMPLETED, null, cursor.retired() - before);
    }
}
