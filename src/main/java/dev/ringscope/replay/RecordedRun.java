package dev.ringscope.replay;

import dev.ringscope.trace.Trace;

/** A trace read from a file or kept from an earlier run: everything there is, already there. */
final class RecordedRun implements RunSource {

    private final Trace trace;

    RecordedRun(Trace trace) {
        this.trace = trace;
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
