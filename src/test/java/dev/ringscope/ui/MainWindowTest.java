package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.replay.Playback;
import dev.ringscope.trace.EventKind;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The main window on the default sample, headless (Monocle): it opens, steps, and shows the crossing. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    private Session session;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        session = new Session(Playback.live(RingScopeApp.bootSample(RingScopeApp.DEFAULT_SAMPLE)));
        window = new MainWindow(session, "hello", null, new MainWindow.Actions() {
        });
        Scene scene = new Scene(window, 1280, 800);
        window.installKeys(scene);
        stage.setScene(scene);
        stage.show();
    }

    /** A condition read on the JavaFX thread, where the window's state lives. */
    private static boolean onFx(java.util.function.BooleanSupplier condition) throws Exception {
        return WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get();
    }

    private static <T> T onFxValue(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    @Test
    void theStepButtonRunsOneInstruction(FxRobot robot) {
        robot.clickOn("#step");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, session.view().instructionsRetired());
        assertTrue(window.narrationView().sentence().startsWith("The guest kernel executed `"),
                window.narrationView().sentence());
    }

    @Test
    void registersReadAreOutlinedAndRegistersWrittenFilled(FxRobot robot) {
        robot.clickOn("#step"); // the kernel's first instruction: cmp eax, 0x2BADB002 (reads EAX, writes EFLAGS)
        WaitForAsyncUtils.waitForFxEvents();
        java.util.List<String> read = robot.lookup(".register-value.read").queryAllAs(javafx.scene.control.Label.class)
                .stream().map(javafx.scene.control.Label::getText).toList();
        assertEquals(java.util.List.of("2BADB002"), read, "EAX, read by the cmp");
        assertTrue(robot.lookup(".register-value.written").queryAll().size() >= 1, "EFLAGS, written by it");
    }

    @Test
    void theMemoryTabListsTheReadsAndWritesOfTheLastInstruction(FxRobot robot) {
        robot.clickOn("Memory");
        robot.interact(() -> {
            session.playback().stepToNext(Set.of(EventKind.SYSTEM_CALL), 1_000_000); // int 0x80 pushes the frame
        });
        robot.interact(() -> window.session().stepBack());
        robot.interact(() -> window.session().step());
        WaitForAsyncUtils.waitForFxEvents();
        java.util.List<String> written = robot.lookup(".memory-grid .register-value.written")
                .queryAllAs(javafx.scene.control.Label.class).stream().map(javafx.scene.control.Label::getText).toList();
        assertTrue(written.size() >= 10, "int 0x80 writes five dwords of frame (value and address each): " + written);
    }

    @Test
    void aSystemCallMovesTheTokenFromRingThreeToRingZeroAndBack(FxRobot robot) throws Exception {
        robot.interact(() -> {
            session.playback().stepToNext(Set.of(EventKind.SYSTEM_CALL), 1_000_000);
            session.step(); // publish the view after one more instruction in the kernel
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, session.view().ring());
        robot.interact(() -> {
            session.playback().stepToNext(Set.of(EventKind.RING_TRANSITION), 1_000_000);
            session.step();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(3, session.view().ring());
        // the token glides there: wait for it to arrive (the bound only guards against a hang)
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(() -> window.ringView().tokenRing() == 3.0));
        assertEquals(3.0, onFxValue(() -> window.ringView().tokenRing()), 1e-9);
    }

    @Test
    void stepBackRestoresThePreviousView(FxRobot robot) {
        robot.interact(() -> {
            for (int i = 0; i < 50; i++) {
                session.step();
            }
        });
        var before = session.view();
        assertEquals(50, before.instructionsRetired());
        robot.interact(() -> session.step());
        assertEquals(51, session.view().instructionsRetired());
        assertNotEquals(before, session.view(), "a step changes the view");
        robot.interact(() -> session.stepBack());
        assertEquals(before, session.view());
    }

    @Test
    void nextEventOfAKindAndZoom(FxRobot robot) {
        robot.clickOn("#next-event"); // the default kind is a system call
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(session.view().count(EventKind.SYSTEM_CALL) >= 1);
        robot.interact(() -> window.zoom(1));
        assertEquals(125, window.zoomPercent());
        assertTrue(window.getStyleClass().contains("zoom-125"));
    }

    @Test
    void breakOnRingChangeStopsPlaying(FxRobot robot) {
        robot.clickOn("Break on ring change");
        dev.ringscope.replay.Move[] move = new dev.ringscope.replay.Move[1];
        robot.interact(() -> move[0] = session.playback().advance(1_000_000));
        assertEquals(dev.ringscope.replay.Move.Stop.BREAKPOINT, move[0].stop(), "a crossing comes long before 1 M instructions");
        assertEquals(1, session.playback().view().trail().size(), "stopped at the first crossing");
    }

    @Test
    void theKeyboardStepsAndPlays(FxRobot robot) throws Exception {
        robot.clickOn("#play"); // focus the window; starts playing
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(() -> session.view().instructionsRetired() > 0));
        robot.interact(() -> session.pause());
        long played = session.view().instructionsRetired();
        assertTrue(played > 0, "playing ran instructions");
        robot.type(javafx.scene.input.KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(played + 1, session.view().instructionsRetired());
    }
}
