package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.replay.Playback;
import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Event;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The ring-over-time strip over a live run of samples/user/cli.asm. */
@ExtendWith(ApplicationExtension.class)
class TimelineViewTest {

    private Playback playback;
    private TimelineView timeline;
    private final List<Long> seeks = new ArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        playback = EventLogViewTest.cliRun();
        playback.advance(1_000_000);
        timeline = new TimelineView(playback.trace(), seeks::add);
        timeline.show(playback.view());
        stage.setScene(new Scene(timeline, 900, 160));
        stage.show();
    }

    /** The track's crossings as "seq:ring" strings. */
    private static List<String> crossings(TimelineTrack track) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < track.transitionCount(); k++) {
            out.add(track.transitionSeq(k) + ":" + track.ringAfter(k));
        }
        return out;
    }

    private Event.RingTransition transition(Cause cause) {
        for (Event e : playback.trace()) {
            if (e instanceof Event.RingTransition t && t.cause() == cause) {
                return t;
            }
        }
        throw new AssertionError("no " + cause + " crossing");
    }

    @Test
    void theTrackHasTheRingTransitionsInOrder() {
        List<String> expected = new ArrayList<>();
        for (Event e : playback.trace()) {
            if (e instanceof Event.RingTransition t) {
                expected.add(t.seq() + ":" + t.toRing());
            }
        }
        TimelineTrack track = timeline.track();
        assertEquals(expected, crossings(track));
        assertEquals(0, track.startRing(), "minios boots in ring 0");
        // into the task (iretd), its print (int 0x80) and back, then the fault takes it to ring 0 for good
        List<Integer> rings = new ArrayList<>();
        List<Cause> causes = new ArrayList<>();
        for (int k = 0; k < track.transitionCount(); k++) {
            rings.add(track.ringAfter(k));
            causes.add(track.transitionCause(k));
        }
        assertEquals(List.of(3, 0, 3, 0), rings);
        assertEquals(List.of(Cause.RETURN, Cause.SYSTEM_CALL, Cause.RETURN, Cause.EXCEPTION), causes);
        assertEquals(0, track.lowestRing(), "no ring −1 without a hardware VMM");
    }

    @Test
    void theMarkersAreTheFaultAndTheSystemCall() {
        TimelineTrack track = timeline.track();
        List<Cause> causes = new ArrayList<>();
        for (int k = 0; k < track.markerCount(); k++) {
            causes.add(track.markerCause(k));
            assertEquals(track.markerCause(k), TimelineTrack.causeOfMarker(playback.trace().kindAt(track.markerSeq(k))));
        }
        assertEquals(List.of(Cause.SYSTEM_CALL, Cause.EXCEPTION), causes);
    }

    @Test
    void aClickSeeksToTheEventUnderTheMouse(FxRobot robot) {
        long fault = transition(Cause.EXCEPTION).seq();
        double x = (timeline.xOf(fault) + timeline.xOf(fault + 1)) / 2;
        robot.clickOn(point(x), MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, seeks.size(), "one click, one seek");
        long seq = seeks.get(0);
        // the robot's pointer lands on a whole pixel; one pixel is this many events
        double eventsPerPixel = playback.trace().size() / (timeline.xOf(playback.trace().size()) - timeline.xOf(0));
        assertTrue(Math.abs(seq - fault) <= Math.ceil(eventsPerPixel) + 1,
                "clicked at the #GP crossing (event " + fault + "), seeked to " + seq);
        assertTrue(eventsPerPixel > 1 && eventsPerPixel < 100, "the test's run fills the strip: " + eventsPerPixel);
    }

    @Test
    void draggingPastTheEndsStopsAtTheFirstAndLastEvent(FxRobot robot) {
        robot.drag(point(timeline.xOf(0) + 40), MouseButton.PRIMARY).moveTo(point(-20)).moveTo(point(timeline.getWidth() + 20))
                .release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(seeks.isEmpty());
        assertTrue(seeks.contains(0L), "dragged left of the strip: " + seeks);
        assertEquals(playback.trace().size() - 1, seeks.get(seeks.size() - 1), "dragged right of the strip");
    }

    @Test
    void eachEventHasItsOwnSliceOfTheStrip() {
        long n = playback.trace().size();
        for (long seq : new long[] {0, 1, n / 3, transition(Cause.SYSTEM_CALL).seq(), n - 1}) {
            double inside = (timeline.xOf(seq) + timeline.xOf(seq + 1)) / 2;
            assertEquals(seq, timeline.eventAt(inside), "the middle of event " + seq + "'s slice");
        }
        assertTrue(timeline.xOf(n) <= timeline.getWidth(), "the strip fits the width");
    }

    @Test
    void aGrowingRunGivesTheSameTrackAsAFinishedOne() throws Exception {
        Playback growing = EventLogViewTest.cliRun();
        TimelineTrack track = new TimelineTrack(growing.trace());
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            growing.advance(50);
            track.catchUp();
            counts.add(track.transitionCount());
        }
        assertEquals(crossings(timeline.track()), crossings(track));
        assertEquals(timeline.track().markerCount(), track.markerCount());
        assertTrue(counts.get(0) < counts.get(counts.size() - 1), "crossings arrived along the way: " + counts);
    }

    @Test
    void movingThePlayheadDoesNotRedrawTheStripButNewEventsAndAResizeDo() throws Exception {
        Playback other = EventLogViewTest.cliRun();
        org.testfx.util.WaitForAsyncUtils.asyncFx(() -> {
            int before = timeline.stripDraws();
            for (long at = 0; at < playback.trace().size(); at += playback.trace().size() / 7) {
                playback.seekEvent(at);
                timeline.show(playback.view());
            }
            assertEquals(before, timeline.stripDraws(), "seeks moved only the playhead");
            timeline.resize(700, 150);
            timeline.layout();
            assertEquals(before + 1, timeline.stripDraws(), "a new size redraws the strip");
            TimelineView growing = new TimelineView(other.trace(), seq -> { });
            growing.resize(600, 120);
            growing.layout();
            other.advance(200);
            growing.show(other.view());
            int drawn = growing.stripDraws();
            other.advance(200);
            growing.show(other.view());
            assertEquals(drawn + 1, growing.stripDraws(), "new events redraw the strip");
            growing.show(other.view());
            assertEquals(drawn + 1, growing.stripDraws(), "the same events again: only the playhead");
        }).get();
    }

    private Point2D point(double x) {
        return timeline.localToScreen(x, timeline.getHeight() / 2);
    }
}
