package dev.ringscope.replay;

import dev.ringscope.machine.Machine;
import dev.ringscope.trace.ArchRegister;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.EventSink;
import dev.ringscope.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * A machine running as it is watched. Its events are recorded into a {@link Trace}; every
 * {@code snapshotInterval} instructions a {@link Machine.Snapshot} is kept, so the machine itself can
 * go back: restore the nearest earlier snapshot and run on (the emulator is deterministic), dropping
 * the events it emits again. Snapshots are only taken right after a step that retired an instruction,
 * so "after instruction k" is always a state a snapshot or a re-run can reach exactly.
 *
 * <p>Memory: at most {@code maxSnapshots} snapshots; when there are more, every other one among the
 * older ones goes (the first always stays, the newest {@link #KEEP_RECENT} stay), so older stretches
 * are re-run from further back. A snapshot costs the pages written since the one before.
 */
final class LiveRun implements RunSource {

    static final int KEEP_RECENT = 4;

    /** A snapshot with where it was taken: after {@code instructions} instructions, before event {@code nextSeq}. */
    private record Saved(long instructions, long nextSeq, Machine.Snapshot snapshot) {
    }

    private final Machine machine;
    private final Trace trace = new Trace();
    private final Recorder recorder = new Recorder();
    private final long snapshotInterval;
    private final int maxSnapshots;
    private final List<Saved> snapshots = new ArrayList<>();
    /** The machine's instruction count when the run was handed over. */
    private final long firstInstruction;

    LiveRun(Machine machine, long snapshotInterval, int maxSnapshots) {
        if (snapshotInterval < 1) {
            throw new IllegalArgumentException("snapshot interval must be at least 1");
        }
        if (maxSnapshots < KEEP_RECENT + 2) {
            throw new IllegalArgumentException("keep at least " + (KEEP_RECENT + 2) + " snapshots");
        }
        long emitted = machine.snapshot().nextSeq();
        if (emitted != 0) {
            throw new IllegalArgumentException("the machine has emitted " + emitted
                    + " events already; a live playback records a run from its first event");
        }
        this.machine = machine;
        this.snapshotInterval = snapshotInterval;
        this.maxSnapshots = maxSnapshots;
        this.firstInstruction = machine.instructions();
        // attaching the sink records every register's starting value; the first snapshot comes after
        machine.setEventSink(recorder);
        snapshots.add(new Saved(firstInstruction, recorder.next, machine.snapshot()));
    }

    @Override
    public Trace trace() {
        return trace;
    }

    Machine machine() {
        return machine;
    }

    @Override
    public dev.ringscope.trace.RingOccupancy rings() {
        return machine.rings();
    }

    int snapshotCount() {
        return snapshots.size();
    }

    @Override
    public boolean complete() {
        return recorder.ended || (recorder.next == trace.size() && machine.stopped());
    }

    @Override
    public boolean extend() {
        if (complete()) {
            return false;
        }
        catchUp();
        long before = machine.instructions();
        machine.step();
        long now = machine.instructions();
        if (now > before && now - snapshots.get(snapshots.size() - 1).instructions() >= snapshotInterval) {
            keep(new Saved(now, recorder.next, machine.snapshot()));
        }
        return true;
    }

    /**
     * Puts the machine back to just after instruction {@code index} (its position among the
     * instructions this run has recorded) retired; -1 is the state the run was handed over in.
     */
    void rewindTo(long index) {
        long known = trace.counts().of(EventKind.INSTRUCTION_RETIRED);
        if (index < -1 || index >= known) {
            throw new IllegalArgumentException("instruction " + index + " is not among the " + known + " recorded");
        }
        long target = firstInstruction + index + 1;
        Saved from = snapshots.get(0);
        for (Saved s : snapshots) {
            if (s.instructions() <= target) {
                from = s;
            }
        }
        restore(from);
        while (machine.instructions() < target) {
            stepAgain();
        }
    }

    /** After a rewind: runs the machine again up to the end of the trace, so it can go on from there. */
    private void catchUp() {
        if (recorder.next == trace.size()) {
            return;
        }
        Saved latest = snapshots.get(snapshots.size() - 1);
        if (latest.nextSeq() > recorder.next) {
            restore(latest);
        }
        while (recorder.next < trace.size()) {
            stepAgain();
        }
        if (recorder.next != trace.size()) {
            throw diverged("catching up ended at event " + recorder.next + ", not " + trace.size());
        }
    }

    private void restore(Saved saved) {
        machine.restore(saved.snapshot());
        recorder.next = saved.nextSeq();
    }

    private void stepAgain() {
        if (machine.stopped()) {
            throw diverged("the machine stopped at instruction " + machine.instructions() + " when re-run");
        }
        machine.step();
    }

    private void keep(Saved saved) {
        snapshots.add(saved);
        if (snapshots.size() > maxSnapshots) {
            // thin out the older ones: drop every other one, never the first, never the newest few
            List<Saved> kept = new ArrayList<>();
            int olderEnd = snapshots.size() - KEEP_RECENT;
            for (int i = 0; i < snapshots.size(); i++) {
                if (i == 0 || i >= olderEnd || i % 2 == 0) {
                    kept.add(snapshots.get(i));
                }
            }
            snapshots.clear();
            snapshots.addAll(kept);
        }
    }

    private static IllegalStateException diverged(String what) {
        return new IllegalStateException("re-running the machine did not repeat the recorded run (" + what
                + "); the emulator should be deterministic");
    }

    /**
     * The machine's sink: appends events beyond the trace's end, and checks the ones a re-run emits
     * again (kind and cycle) instead of keeping them twice.
     */
    private final class Recorder implements EventSink {
        /** The seq the machine will give its next event. */
        long next;
        boolean ended;

        @Override
        public void accept(Event event) {
            if (take(event.seq(), EventKind.of(event), event.cycle())) {
                trace.append(event);
                if (event instanceof Event.RunEnded) {
                    ended = true;
                }
            }
        }

        @Override
        public void instructionRetired(long seq, long cycle, int eip, int cpl, byte[] bytes) {
            if (take(seq, EventKind.INSTRUCTION_RETIRED, cycle)) {
                trace.instructionRetired(seq, cycle, eip, cpl, bytes);
            }
        }

        @Override
        public void registerWrite(long seq, long cycle, ArchRegister register, int value) {
            if (take(seq, EventKind.REGISTER_WRITE, cycle)) {
                trace.registerWrite(seq, cycle, register, value);
            }
        }

        @Override
        public void memoryAccess(long seq, long cycle, int linear, int physical, int size, int value, boolean write) {
            if (take(seq, EventKind.MEMORY_ACCESS, cycle)) {
                trace.memoryAccess(seq, cycle, linear, physical, size, value, write);
            }
        }

        /** Whether the event is new; a repeated one must match what was recorded. */
        private boolean take(long seq, EventKind kind, long cycle) {
            if (seq != next) {
                throw diverged("event " + seq + " came when " + next + " was expected");
            }
            next = seq + 1;
            if (seq < trace.size()) {
                if (trace.kindAt(seq) != kind || trace.cycleAt(seq) != cycle) {
                    throw diverged("event " + seq + " was " + trace.kindAt(seq) + " at cycle " + trace.cycleAt(seq)
                            + ", now " + kind + " at cycle " + cycle);
                }
                return false;
            }
            return true;
        }
    }
}
