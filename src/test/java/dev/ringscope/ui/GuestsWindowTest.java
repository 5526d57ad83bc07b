package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.vmm.Technique;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Compare ▸ Containers against VMs: two VMs under one VMM beside the same programs as two processes of one kernel. */
@ExtendWith(ApplicationExtension.class)
class GuestsWindowTest {

    private RingScopeApp app;

    @Start
    void start(Stage stage) throws Exception {
        java.util.prefs.Preferences.userRoot().node(RingScopeApp.SETTINGS_NODE).clear();
        app = new RingScopeApp();
        app.start(stage);
    }

    private static void runToTheEnd(FxRobot robot, GuestsWindow w) {
        robot.interact(() -> {
            for (int k = 0; k < 10_000 && w.step(); k++) {
                // a slice at a time, as Play does
            }
        });
    }

    @Test
    void theBugReachesTheNeighbourProcessButNotTheNeighbourVm(FxRobot robot) throws Exception {
        robot.clickOn("Compare").clickOn("#compare-guests");
        WaitForAsyncUtils.waitForFxEvents();
        GuestsWindow w = app.guestsWindow();
        assertNotNull(w, "the window opened");
        assertEquals(2, w.guests().size());
        runToTheEnd(robot, w);
        assertTrue(w.consoleOf(2).contains("buggy: the kernel wrote where I pointed"), w.consoleOf(2));
        assertTrue(w.consoleOf(1).contains("victim: done, untouched"), "the VM: " + w.consoleOf(1));
        assertTrue(w.processConsole().contains("victim: my memory was changed"), "one kernel: " + w.processConsole());
        assertTrue(w.run().switches() > 2, "the VMM switched between the VMs: " + w.run().switches());
        assertTrue(w.oneKernel().stopped());
    }

    @Test
    void anotherTechniqueAndAThirdVmStartAgainAndKeepTheVictimsApart(FxRobot robot) throws Exception {
        robot.interact(app::compareGuests);
        GuestsWindow w = app.guestsWindow();
        robot.interact(() -> robot.lookup("#guests-technique").<javafx.scene.control.ComboBox<Technique>>query()
                .setValue(Technique.PARAVIRTUAL));
        robot.interact(() -> w.addGuest(Path.of("samples/guests/hostile_memory.asm")));
        assertEquals(3, w.guests().size());
        assertEquals(3, w.run().guests().size(), "the run started again with three guests");
        assertEquals(Technique.PARAVIRTUAL, w.run().setup().technique());
        runToTheEnd(robot, w);
        assertTrue(w.consoleOf(1).contains("victim: done, untouched"), w.consoleOf(1));
        assertFalse(w.consoleOf(3).isEmpty(), "the hostile guest ran too");
        robot.interact(() -> {
            w.addGuest(Path.of("samples/user/hello.asm"));
            w.addGuest(Path.of("samples/user/hello.asm"));
        });
        assertEquals(4, w.guests().size(), "at most four guests");
        assertTrue(robot.lookup("#guests-said").queryLabeled().getText().contains("at most four"));
    }
}
