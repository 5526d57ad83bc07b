package dev.ringscope.ui;

import dev.ringscope.trace.Trace;

/**
 * What the main window's views need to read once over the whole of a recorded run — the timeline's
 * crossings and markers, the event log's rows — made ahead on the thread that loads the trace, so
 * the window for a run of millions of events is built without reading them all on the JavaFX thread.
 */
record PreparedViews(TimelineTrack track, EventLogRows rows) {

    /** Reads {@code trace} (which must not grow any more) for the views; any thread. */
    static PreparedViews of(Trace trace) {
        TimelineTrack track = new TimelineTrack(trace);
        track.catchUp();
        return new PreparedViews(track, EventLogView.defaultRows(trace));
    }
}
