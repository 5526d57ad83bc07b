package dev.ringscope.ui;

import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Trace;
import java.util.Arrays;

/**
 * What the timeline draws, gathered as the trace grows: the ring over time as a step line (the ring
 * at the start and every ring transition) and the markers (exceptions, interrupts, system calls, VM
 * exits, hypercalls). {@link #catchUp} reads only the events appended since its last call, and reads
 * a whole event only for a ring transition; the rest it knows from the kind column.
 */
final class TimelineTrack {

    private static final Cause[] CAUSES = Cause.values();

    private final Trace trace;
    private long scanned;
    /** The ring before the first transition: its from-ring, or the first instruction's CPL; 0 until known. */
    private int startRing;
    private boolean startKnown;
    private int lowestRing;

    private long[] transitionSeqs = new long[256];
    private int[] ringsAfter = new int[256];
    private byte[] transitionCauses = new byte[256];
    private int transitions;

    private long[] markerSeqs = new long[256];
    private byte[] markerCauses = new byte[256];
    private int markers;

    TimelineTrack(Trace trace) {
        this.trace = trace;
    }

    /** Takes in the events appended since the last call. */
    void catchUp() {
        long end = trace.size();
        for (long i = scanned; i < end; i++) {
            EventKind kind = trace.kindAt(i);
            if (kind == EventKind.RING_TRANSITION) {
                addTransition((Event.RingTransition) trace.get(i));
            } else if (kind == EventKind.INSTRUCTION_RETIRED && !startKnown) {
                startRing = ((Event.InstructionRetired) trace.get(i)).cpl();
                startKnown = true;
                lowestRing = Math.min(lowestRing, startRing);
            } else {
                Cause cause = causeOfMarker(kind);
                if (cause != null) {
                    addMarker(i, cause);
                }
            }
        }
        scanned = end;
    }

    /** The cause colour an event of {@code kind} is marked in, or null for kinds not marked. */
    static Cause causeOfMarker(EventKind kind) {
        return switch (kind) {
            case EXCEPTION_RAISED -> Cause.EXCEPTION;
            case INTERRUPT_DELIVERED -> Cause.INTERRUPT;
            case SYSTEM_CALL -> Cause.SYSTEM_CALL;
            case VM_EXIT -> Cause.VM_EXIT;
            case HYPERCALL -> Cause.HYPERCALL;
            default -> null;
        };
    }

    private void addTransition(Event.RingTransition t) {
        if (!startKnown) {
            startRing = t.fromRing();
            startKnown = true;
            lowestRing = Math.min(lowestRing, startRing);
        }
        if (transitions == transitionSeqs.length) {
            int n = transitions * 2;
            transitionSeqs = Arrays.copyOf(transitionSeqs, n);
            ringsAfter = Arrays.copyOf(ringsAfter, n);
            transitionCauses = Arrays.copyOf(transitionCauses, n);
        }
        transitionSeqs[transitions] = t.seq();
        ringsAfter[transitions] = t.toRing();
        transitionCauses[transitions] = (byte) t.cause().ordinal();
        transitions++;
        lowestRing = Math.min(lowestRing, Math.min(t.fromRing(), t.toRing()));
    }

    private void addMarker(long seq, Cause cause) {
        if (markers == markerSeqs.length) {
            markerSeqs = Arrays.copyOf(markerSeqs, markers * 2);
            markerCauses = Arrays.copyOf(markerCauses, markers * 2);
        }
        markerSeqs[markers] = seq;
        markerCauses[markers] = (byte) cause.ordinal();
        markers++;
    }

    /** Events taken in so far: the x axis runs from 0 to this. */
    long events() {
        return scanned;
    }

    int startRing() {
        return startRing;
    }

    /** The lowest ring seen: 0, or −1 once a hardware VMM appears. */
    int lowestRing() {
        return lowestRing;
    }

    int transitionCount() {
        return transitions;
    }

    long transitionSeq(int k) {
        return transitionSeqs[k];
    }

    int ringAfter(int k) {
        return ringsAfter[k];
    }

    Cause transitionCause(int k) {
        return CAUSES[transitionCauses[k]];
    }

    int markerCount() {
        return markers;
    }

    long markerSeq(int k) {
        return markerSeqs[k];
    }

    Cause markerCause(int k) {
        return CAUSES[markerCauses[k]];
    }
}
