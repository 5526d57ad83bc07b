package dev.ringscope.replay;

import dev.ringscope.trace.Trace;

/** Where a playback's events come from: a recorded trace, or a machine running as it is watched. */
interface RunSource {

    Trace trace();

    /** Who lives in which ring in this run (the live machine's technique, or the recorded header's). */
    dev.ringscope.trace.RingOccupancy rings();

    /** Whether no more events will come. */
    boolean complete();

    /** Makes the run go on by one machine step (which may add no events); false if it cannot. */
    boolean extend();
}
