package dev.ringscope.replay;

/**
 * Where playback is, for a timeline or a status bar.
 *
 * @param event             events folded into the current view (the view after events 0 … event-1)
 * @param instruction       the current instruction's index among retired instructions, -1 before the first
 * @param eventsKnown       events recorded so far (a live run grows)
 * @param instructionsKnown instructions retired so far
 * @param complete          no more events will come: a recorded trace, or a live run that ended
 */
public record PlaybackPosition(long event, long instruction, long eventsKnown, long instructionsKnown,
                               boolean complete) {

    /** At the last event of a finished run. */
    public boolean atEnd() {
        return complete && event == eventsKnown;
    }
}
