package dev.ringscope.replay;

import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Trace;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** The breakpoints set, and which of them a stretch of events hits. */
final class Breakpoints {

    private final Set<Breakpoint> set = new LinkedHashSet<>();

    boolean add(Breakpoint b) {
        return set.add(b);
    }

    boolean remove(Breakpoint b) {
        return set.remove(b);
    }

    void clear() {
        set.clear();
    }

    Set<Breakpoint> all() {
        return Collections.unmodifiableSet(set);
    }

    /**
     * The first breakpoint hit by events {@code [from, to)} of the trace, in event order; the
     * instruction retired there is at {@code retiredAt} (-1: none). Null if none is hit.
     */
    Breakpoint firstHit(Trace trace, long from, long to, long retiredAt) {
        if (set.isEmpty()) {
            return null;
        }
        for (long i = from; i < to; i++) {
            EventKind kind = trace.kindAt(i);
            for (Breakpoint b : set) {
                if (hits(b, trace, i, kind, retiredAt)) {
                    return b;
                }
            }
        }
        return null;
    }

    private static boolean hits(Breakpoint b, Trace trace, long i, EventKind kind, long retiredAt) {
        if (b instanceof Breakpoint.OnEvent on) {
            return on.kind() == kind;
        } else if (b instanceof Breakpoint.OnRingChange) {
            return kind == EventKind.RING_TRANSITION;
        } else if (b instanceof Breakpoint.AtAddress at) {
            return i == retiredAt && ((Event.InstructionRetired) trace.get(i)).eip() == at.eip();
        }
        return false;
    }
}
