package dev.ringscope.ui.present;

import dev.ringscope.replay.Move;
import dev.ringscope.replay.Playback;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Next and back for a run without a lesson: next goes to the end of the next step that crosses rings (the
 * moments a lecture is about), or one instruction when no crossing comes within {@link #LOOK_AHEAD}
 * instructions; back returns to where the last "next" started, so back after next is exactly undone.
 */
public final class RingChangeAdvancer implements Presentation.Advancer {

    /** How far next looks for a crossing (bounded, as playing is: a guest that never crosses cannot hang it). */
    static final long LOOK_AHEAD = 200_000;

    private final Playback playback;
    private final Runnable beforeMove;
    private final Runnable afterMove;
    /** The positions each "next" started from, the latest on top. */
    private final Deque<Long> from = new ArrayDeque<>();

    /**
     * @param beforeMove run before each move (pause playing)
     * @param afterMove  run after it (show the new position)
     */
    public RingChangeAdvancer(Playback playback, Runnable beforeMove, Runnable afterMove) {
        this.playback = playback;
        this.beforeMove = beforeMove;
        this.afterMove = afterMove;
    }

    @Override
    public void next() {
        beforeMove.run();
        long start = playback.view().position();
        long rings = playback.view().count(dev.ringscope.trace.EventKind.RING_TRANSITION);
        Move m = playback.stepToNextRingChange(LOOK_AHEAD);
        if (playback.view().count(dev.ringscope.trace.EventKind.RING_TRANSITION) == rings && m.stop() != Move.Stop.END) {
            playback.seekEvent(start); // no crossing near: one instruction instead of a long silent jump
            playback.stepInstruction();
        }
        if (playback.view().position() != start) {
            from.push(start);
        }
        afterMove.run();
    }

    @Override
    public void back() {
        beforeMove.run();
        long now = playback.view().position();
        while (!from.isEmpty() && from.peek() >= now) {
            from.pop(); // the playback was moved back some other way: those starts are ahead of us
        }
        if (from.isEmpty()) {
            playback.stepBack();
        } else {
            playback.seekEvent(from.pop());
        }
        afterMove.run();
    }
}
