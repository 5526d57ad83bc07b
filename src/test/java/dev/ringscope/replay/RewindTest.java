package dev.ringscope.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.machine.Machine;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Events;
import dev.ringscope.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rewinding the live machine (not just the view): after restoring a snapshot and running on, the
 * machine is the machine a fresh run stopped at the same instruction would be.
 */
class RewindTest {

    @Test
    void afterSteppingForwardAndBackTheMachineEqualsAFreshRunStoppedThere() {
        Playback p = Playback.live(Runs.boot("preempt"), null, new Playback.Settings(4096, 1000, 64));
        assertEquals(Move.Stop.COMPLETED, p.advance(8000).stop());
        for (int i = 0; i < 5; i++) {
            p.stepBack();
        }
        long index = p.position().instruction();
        assertEquals(7994, index);
        p.rewindMachineTo(index);
        Machine rewound = p.machine().orElseThrow();
        assertSameAsFreshRun("preempt", index + 1, rewound, 3000);
    }

    @Test
    void aPendingTimerInterruptComesBackWithTheMachine() {
        Trace trace = Runs.record("preempt");
        long delivered = -1;
        for (long i = 0; i < trace.size(); i++) {
            if (trace.kindAt(i) == EventKind.INTERRUPT_DELIVERED) {
                delivered = i;
                break;
            }
        }
        assertTrue(delivered > 0, "preempt takes a timer interrupt");
        long instructionsBefore = PlaybackTest.instructionsBefore(trace, delivered);
        for (long back : new long[] {0, 3, 40}) {
            Playback p = Playback.live(Runs.boot("preempt"), null, new Playback.Settings(4096, 700, 64));
            p.advance(instructionsBefore + 500);
            long index = instructionsBefore - 1 - back;
            p.rewindMachineTo(index);
            List<Event> future = assertSameAsFreshRun("preempt", index + 1, p.machine().orElseThrow(), 200);
            assertTrue(future.stream().anyMatch(e -> e instanceof Event.InterruptDelivered),
                    back + " instructions before the interrupt, it is still to come");
        }
    }

    @Test
    void rewindingFarBackPastThinnedSnapshotsThenPlayingOnRecordsTheSameRun() {
        Playback p = Playback.live(Runs.boot("preempt"), null, new Playback.Settings(4096, 500, 6));
        p.advance(13_000);
        assertTrue(p.snapshotCount() <= 6, "snapshots: " + p.snapshotCount());
        p.rewindMachineTo(700);
        assertSameMachine("preempt", 701, p.machine().orElseThrow());
        p.rewindMachineTo(-1);
        assertEquals(0, p.machine().orElseThrow().instructions());

        // the machine is behind the recording: going on must catch up, not record anything twice
        assertEquals(Move.Stop.END, p.advance(1_000_000).stop());
        Trace expected = Runs.record("preempt");
        Trace actual = p.trace();
        assertEquals(expected.size(), actual.size());
        for (long i = 0; i < expected.size(); i++) {
            assertTrue(Events.equal(expected.get(i), actual.get(i)), "event " + i + ": " + actual.get(i));
        }
        assertTrue(p.view().ended());
    }

    @Test
    void onlyALiveRunHasAMachineAndOnlyRecordedInstructionsCanBeRewoundTo() {
        Playback recorded = Playback.recorded(Runs.record("hello"), null);
        assertThrows(IllegalStateException.class, () -> recorded.rewindMachineTo(0));
        Playback live = Playback.live(Runs.boot("hello"));
        live.advance(100);
        assertThrows(IllegalArgumentException.class, () -> live.rewindMachineTo(100));
        live.rewindMachineTo(99);
        assertEquals(100, live.machine().orElseThrow().instructions());
    }

    @Test
    void aMachineThatHasEmittedEventsCannotBeHandedOver() {
        Machine m = Runs.boot("hello");
        m.setEventSink(e -> { });
        m.run(10);
        assertThrows(IllegalArgumentException.class, () -> Playback.live(m));
    }

    /** Compares registers, memory and console, then the next steps' events (pending interrupts show there). */
    private static List<Event> assertSameAsFreshRun(String sample, long instructions, Machine actual, int steps) {
        Machine fresh = assertSameMachine(sample, instructions, actual);
        List<Event> expected = Runs.future(fresh, steps);
        List<Event> got = Runs.future(actual, steps);
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(Events.equal(expected.get(i), got.get(i)), "event " + i + ": " + got.get(i));
        }
        return expected;
    }

    private static Machine assertSameMachine(String sample, long instructions, Machine actual) {
        Machine fresh = Runs.freshRunTo(sample, instructions);
        assertEquals(fresh.instructions(), actual.instructions());
        assertEquals(fresh.cycles(), actual.cycles());
        assertEquals(Runs.cpuState(fresh.cpu()), Runs.cpuState(actual.cpu()));
        assertEquals(fresh.console(), actual.console());
        Runs.assertSameMemory(fresh, actual);
        return fresh;
    }
}
