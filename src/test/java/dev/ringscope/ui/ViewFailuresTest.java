package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.replay.Playback;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A view that throws is caught at the view boundary: the user is told which view failed where, the
 * other views still show the same position, and the window goes on working.
 */
@ExtendWith(ApplicationExtension.class)
class ViewFailuresTest {

    private Session session;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        RunSetup setup = RunSetup.defaults().withTechnique(Technique.BINARY_TRANSLATION);
        Documents.Opened opened = Documents.open(dev.ringscope.asm.MiniOs.samplesRoot().resolve("user/hello.asm"), setup);
        session = new Session(opened.playback());
        window = new MainWindow(session, opened.title(), opened.program(), new MainWindow.Actions() {
        }, setup);
        Scene scene = new Scene(window, 1280, 800);
        window.installKeys(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void aFailingViewIsReportedAndTheOthersStillShowTheSamePosition(FxRobot robot) {
        AtomicBoolean broken = new AtomicBoolean(true);
        robot.interact(() -> window.addView("injected", v -> {
            if (broken.get() && v.instructionsRetired() >= 3) {
                throw new IllegalStateException("injected failure");
            }
        }));
        assertFalse(window.failures().isVisible(), "nothing failed yet");
        for (int i = 0; i < 5; i++) {
            robot.clickOn("#step");
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(5, session.view().instructionsRetired());
        assertTrue(window.failures().isVisible(), "the failure is shown");
        ViewFailures.Failure f = window.failures().last();
        assertNotNull(f);
        assertEquals("injected", f.view());
        assertEquals(3, f.instruction(), "the first failure is the one kept");
        assertTrue(window.failures().text().startsWith("The injected view failed at instruction 3"),
                window.failures().text());
        assertTrue(window.failures().text().contains("3 failures so far"), window.failures().text());
        assertTrue(f.details().contains("IllegalStateException: injected failure"), f.details());
        assertTrue(f.details().contains("ViewFailuresTest"), "the stack trace is in the details");
        // the views after the failing one were shown too: the status bar is at instruction 5, in ring 1
        assertTrue(window.statusLine().startsWith("instruction 5 "), window.statusLine());
        assertTrue(window.statusLine().contains("ring 1 (guest kernel)"), window.statusLine());
        assertTrue(window.narrationView().sentence().contains("guest kernel"), window.narrationView().sentence());
        // the window keeps working: dismiss, repair, step on
        robot.clickOn("Dismiss");
        broken.set(false);
        robot.clickOn("#step");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(6, session.view().instructionsRetired());
        assertFalse(window.failures().isVisible());
        assertTrue(window.statusLine().startsWith("instruction 6 "), window.statusLine());
    }
}
