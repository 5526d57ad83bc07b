package dev.ringscope.replay;

import dev.ringscope.trace.Trace;

/** A trace read from a file or kept from an earlier run: everything there is, already there. */
final class RecordedRun implements RunSource {

    private final Trace trace;
    private final dev.ringscope.trace.RingOccupancy rings;

    RecordedRun(Trace trace, dev.ringscope.trace.RingOccupancy rings) {
        this.trace = trace;
        this.rings = rings;
    }

    @Override
    public dev.ringscope.trace.RingOccupancy rings() {
        return rings;
    }

    @Override
    public Trace trace() {
        return trace;
    }

    @Override
    public boolean complete() {
        return true;
    }

    @Override
    public boolean extend() {
        return false;
    }
}
