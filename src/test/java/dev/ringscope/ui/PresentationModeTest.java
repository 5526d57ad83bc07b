package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.replay.Playback;
import dev.ringscope.ui.present.Presentation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Presentation mode on the default sample, headless: the keys a lecturer's clicker sends, the ink, the presenter view. */
@ExtendWith(ApplicationExtension.class)
class PresentationModeTest {

    private Session session;
    private MainWindow window;
    private Presentation presentation;
    private final MovableClock clock = new MovableClock();

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T09:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        session = new Session(Playback.live(RingScopeApp.bootSample(RingScopeApp.DEFAULT_SAMPLE)));
        window = new MainWindow(session, "hello", null, new MainWindow.Actions() {
        });
        presentation = window.presentation();
        presentation.useClock(clock);
        Scene scene = new Scene(window, 1280, 720);
        window.installKeys(scene);
        stage.setScene(scene);
        stage.show();
    }

    private void key(FxRobot robot, KeyCode code) {
        robot.type(code);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void present(FxRobot robot) {
        key(robot, KeyCode.F5);
        assertTrue(presentation.isPresenting(), "F5 enters presentation mode");
    }

    @Test
    void f5EntersAndEscLeaves(FxRobot robot) {
        assertTrue(robot.lookup(".presentation").tryQuery().isEmpty(), "not presenting at first");
        present(robot);
        assertTrue(robot.lookup(".presentation").tryQuery().isPresent(), "the projector layout is on screen");
        assertTrue(robot.lookup(".menu-bar").tryQuery().isEmpty(), "the menus and toolbars make room");
        assertFalse(presentation.shownNarration().isEmpty(), "the narration is shown");
        key(robot, KeyCode.ESCAPE);
        assertFalse(presentation.isPresenting(), "Esc leaves");
        assertTrue(robot.lookup(".presentation").tryQuery().isEmpty());
        assertTrue(robot.lookup(".menu-bar").tryQuery().isPresent(), "the normal window is back");
        assertTrue(robot.lookup("#step").tryQuery().isPresent(), "with its toolbar");
    }

    @Test
    void ctrlPlusAndMinusZoomThePresentation(FxRobot robot) {
        present(robot);
        double before = presentation.layout().emPixels();
        assertEquals(24, before, 0.1, "at 1280x720 the narration is 720/30 px");
        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before * 1.25, presentation.layout().emPixels(), 0.1, "Ctrl + : one zoom step (125%)");
        robot.press(KeyCode.CONTROL).type(KeyCode.MINUS).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, presentation.layout().emPixels(), 0.1, "Ctrl − : back");
        assertTrue(presentation.isPresenting());
    }

    @Test
    void clickerKeysMoveThePlaybackToTheNextCrossingAndBack(FxRobot robot) {
        present(robot);
        long crossings = session.view().count(dev.ringscope.trace.EventKind.RING_TRANSITION);
        key(robot, KeyCode.PAGE_DOWN);
        long afterFirst = session.view().position();
        assertTrue(afterFirst > 0, "PageDown moved on");
        assertEquals(crossings + 1, session.view().count(dev.ringscope.trace.EventKind.RING_TRANSITION),
                "to the next ring crossing");
        key(robot, KeyCode.RIGHT);
        long afterSecond = session.view().position();
        assertTrue(afterSecond > afterFirst, "→ too");
        key(robot, KeyCode.SPACE);
        assertTrue(session.view().position() > afterSecond, "Space is next in presentation mode");
        assertFalse(session.playingProperty().get(), "not play");
        key(robot, KeyCode.PAGE_UP);
        assertEquals(afterSecond, session.view().position(), "PageUp undoes the last next");
        key(robot, KeyCode.LEFT);
        assertEquals(afterFirst, session.view().position(), "← too");
        assertTrue(presentation.shownInstruction().contains(Integer.toHexString(session.view().current().eip()).toUpperCase()),
                "the projector shows the current instruction: " + presentation.shownInstruction());
    }

    @Test
    void bBlanksAndAnyKeyBringsTheScreenBackWithoutMoving(FxRobot robot) {
        present(robot);
        key(robot, KeyCode.B);
        assertTrue(presentation.isBlank(), "B blanks");
        assertTrue(robot.lookup(".present-blank").query().isVisible());
        long at = session.view().position();
        key(robot, KeyCode.PAGE_DOWN);
        assertFalse(presentation.isBlank(), "a key brings the screen back");
        assertEquals(at, session.view().position(), "and does nothing else");
        key(robot, KeyCode.PERIOD);
        assertTrue(presentation.isBlank(), ". blanks too");
        key(robot, KeyCode.ESCAPE);
        assertFalse(presentation.isBlank(), "Esc unblanks first");
        assertTrue(presentation.isPresenting(), "and stays presenting");
    }

    @Test
    void inkIsDrawnWithTheMouseAndClearedByTheNextStepAndByC(FxRobot robot) {
        present(robot);
        javafx.geometry.Bounds b = robot.lookup(".present-annotation").query().localToScreen(
                robot.lookup(".present-annotation").query().getLayoutBounds());
        double x = b.getMinX() + b.getWidth() * 0.3;
        double y = b.getMinY() + b.getHeight() * 0.5;
        robot.moveTo(new javafx.geometry.Point2D(x, y));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup(".present-pointer").query().isVisible(), "the pointer follows the mouse");
        robot.drag(new javafx.geometry.Point2D(x, y), MouseButton.PRIMARY).dropTo(new javafx.geometry.Point2D(x + 120, y + 40));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, presentation.annotation().strokes(), "one stroke drawn");
        assertEquals(1, robot.lookup(".present-stroke").queryAll().size());
        javafx.scene.shape.Polyline stroke = robot.lookup(".present-stroke").queryAs(javafx.scene.shape.Polyline.class);
        assertTrue(stroke.getPoints().size() >= 4, "the stroke follows the drag: " + stroke.getPoints());
        key(robot, KeyCode.PAGE_DOWN);
        assertEquals(0, presentation.annotation().strokes(), "the next step starts clean");
        robot.drag(new javafx.geometry.Point2D(x, y), MouseButton.PRIMARY).dropTo(new javafx.geometry.Point2D(x + 80, y - 60));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, presentation.annotation().strokes());
        key(robot, KeyCode.C);
        assertEquals(0, presentation.annotation().strokes(), "C clears the ink");
    }

    @Test
    void thePresenterViewShowsTheNotesTheNextStepAndTheTime(FxRobot robot) {
        present(robot);
        key(robot, KeyCode.PAGE_DOWN);
        key(robot, KeyCode.P);
        assertNotNull(presentation.presenter(), "P opens the presenter view");
        assertEquals(window.narrationView().why(), presentation.presenter().notes(), "the notes are the narration's why");
        assertFalse(presentation.presenter().notes().isBlank());
        assertFalse(presentation.presenter().nextStep().isBlank(), "it says what comes next");
        assertFalse(presentation.presenter().steps().isEmpty(), "and lists the steps (the crossings so far)");
        assertTrue(robot.lookup("#presenter-notes").tryQuery().isPresent(), "in its own window");
        assertEquals("0:00", presentation.presenter().time());
        robot.interact(() -> {
            clock.now = clock.now.plus(Duration.ofSeconds(65));
            presentation.presenter().refresh();
        });
        assertEquals("1:05", presentation.presenter().time(), "the elapsed time, from the injected clock");
        String before = presentation.presenter().notes();
        long position = session.view().position();
        key(robot, KeyCode.PAGE_DOWN);
        assertTrue(session.view().position() > position);
        assertEquals(window.narrationView().why(), presentation.presenter().notes(), "the notes follow the step");
        robot.interact(() -> robot.window("RingScope — presenter view").hide());
        assertTrue(before != null);
    }
}
