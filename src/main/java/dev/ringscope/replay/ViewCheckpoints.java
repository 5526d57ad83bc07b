package dev.ringscope.replay;

import dev.ringscope.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * Views at any point of a long trace without folding it from the start each time: a copy of the
 * {@link ViewBuilder} every {@code interval} events, so a view costs at most {@code interval} folds.
 * Checkpoints are made lazily, as far as the furthest point asked for, and the trace may grow
 * (a live run) between calls. Memory: one builder per checkpoint, about 1–6 KiB (registers, the
 * trail, the step's events and the console piece being filled; full console pieces are shared).
 */
final class ViewCheckpoints {

    private final Trace trace;
    private final int interval;
    private final List<ViewBuilder> checkpoints = new ArrayList<>();
    private final ViewBuilder frontier;

    ViewCheckpoints(Trace trace, dev.ringscope.trace.RingOccupancy rings, int interval) {
        if (interval < 1) {
            throw new IllegalArgumentException("checkpoint interval must be at least 1");
        }
        this.trace = trace;
        this.interval = interval;
        this.frontier = new ViewBuilder(rings);
        checkpoints.add(frontier.copy());
    }

    /** A new builder at {@code position} (at most {@link Trace#size()}). */
    ViewBuilder builderAt(long position) {
        if (position < 0 || position > trace.size()) {
            throw new IndexOutOfBoundsException("position " + position + " of a trace of " + trace.size());
        }
        extendTo(position);
        ViewBuilder builder = checkpoints.get((int) (position / interval)).copy();
        advance(builder, position);
        return builder;
    }

    /** Folds the trace's events into {@code builder} up to {@code position}. */
    void advance(ViewBuilder builder, long position) {
        for (long i = builder.position(); i < position; i++) {
            builder.apply(trace.get(i));
        }
    }

    int interval() {
        return interval;
    }

    int count() {
        return checkpoints.size();
    }

    /** Makes the checkpoints up to {@code position}. */
    void extendTo(long position) {
        long last = (position / interval) * interval;
        while (frontier.position() < last) {
            frontier.apply(trace.get(frontier.position()));
            if (frontier.position() % interval == 0) {
                checkpoints.add(frontier.copy());
            }
        }
    }
}
