package dev.ringscope.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.trace.Trace;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** A view reached by a random seek through checkpoints equals the view folded from the start. */
class CheckpointProperties {

    private static final Trace SYSCALL = Runs.record("syscall");

    @Property(tries = 40)
    void aSeekThroughCheckpointsEqualsFoldingFromTheStart(@ForAll @IntRange(min = 1, max = 5000) int interval,
                                                          @ForAll @DoubleRange(min = 0, max = 1) double first,
                                                          @ForAll @DoubleRange(min = 0, max = 1) double second) {
        Playback p = Playback.recorded(SYSCALL, null, new Playback.Settings(interval, 10_000, 64));
        for (double at : new double[] {first, second}) {
            long position = Math.round(at * SYSCALL.size());
            p.seekEvent(position);
            ViewBuilder fromStart = new ViewBuilder();
            for (long i = 0; i < position; i++) {
                fromStart.apply(SYSCALL.get(i));
            }
            assertEquals(fromStart.view(), p.view(), "at event " + position + " with checkpoints every " + interval);
            assertEquals(fromStart.view(), p.viewAt(position));
        }
    }

    @Property(tries = 20)
    void checkpointsAreMadeOnlyAsFarAsAsked(@ForAll @IntRange(min = 64, max = 5000) int interval,
                                            @ForAll @DoubleRange(min = 0, max = 1) double at) {
        ViewCheckpoints checkpoints = new ViewCheckpoints(SYSCALL, dev.ringscope.trace.RingOccupancy.NATIVE, interval);
        long position = Math.round(at * SYSCALL.size());
        ViewBuilder b = checkpoints.builderAt(position);
        assertEquals(position, b.position());
        assertEquals(position / interval + 1, checkpoints.count());
        assertTrue(checkpoints.count() <= SYSCALL.size() / interval + 1);
    }
}
