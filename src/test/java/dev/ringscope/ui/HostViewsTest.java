package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.replay.Playback;
import dev.ringscope.testing.GuestImages;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Party;
import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.HostType;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The host in the main window: chosen beside the technique, refused where it cannot run; the two ring pictures. */
@ExtendWith(ApplicationExtension.class)
class HostViewsTest {

    private Stage stage;
    private final List<RunSetup> asked = new ArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private MainWindow show(FxRobot robot, RunSetup setup) throws Exception {
        byte[] image = GuestImages.of(Path.of("samples/user/hello.asm"), setup.technique());
        Session session = new Session(Playback.live(setup.boot(image)));
        MainWindow[] window = new MainWindow[1];
        robot.interact(() -> {
            window[0] = new MainWindow(session, "hello.asm", null, new MainWindow.Actions() {
                @Override
                public void setupChanged(RunSetup changed) {
                    asked.add(changed);
                }
            }, setup);
            stage.setScene(new Scene(window[0], 1280, 800));
            stage.show();
        });
        return window[0];
    }

    @Test
    void choosingKvmAsksToRunAgainOnIt(FxRobot robot) throws Exception {
        show(robot, RunSetup.of(Technique.HARDWARE_ASSISTED, false, CostModel.MODERN));
        ComboBox<HostType> host = robot.lookup("#host").queryComboBox();
        assertFalse(host.isDisabled());
        robot.interact(() -> {
            host.setValue(HostType.KVM);
            host.getOnAction().handle(null);
        });
        assertEquals(HostType.KVM, asked.get(asked.size() - 1).host());
        assertEquals(Technique.HARDWARE_ASSISTED, asked.get(asked.size() - 1).technique());
    }

    @Test
    void aTechniqueOnlyBareMetalRunsLeavesTheHostDisabledAndSaysWhy(FxRobot robot) throws Exception {
        show(robot, RunSetup.of(Technique.PARAVIRTUAL, false, CostModel.MODERN));
        ComboBox<HostType> host = robot.lookup("#host").queryComboBox();
        assertTrue(host.isDisabled());
        String why = host.getTooltip().getText();
        assertTrue(why.contains("paravirtual under type2") && why.contains("paravirtual under kvm"), why);
    }

    @Test
    void theAccuratePictureShowsAnExitToUserSpaceGoingOnToRootRingThree(FxRobot robot) throws Exception {
        MainWindow w = show(robot, RunSetup.of(Technique.HARDWARE_ASSISTED, false, CostModel.MODERN).withHost(HostType.KVM));
        RingView rings = w.ringView();
        assertFalse(rings.showsSplitRings(), "the simplified picture first");
        robot.interact(() -> w.setAccurateRingPicture(true));
        assertTrue(rings.showsSplitRings());
        assertTrue(w.accurateRingPicture());
        robot.interact(() -> {
            for (int i = 0; i < 1000; i++) {
                w.session().playback().stepToNext(Set.of(EventKind.CONSOLE_OUTPUT), 1_000_000);
                w.session().step();
                if (w.session().view().trail().stream().anyMatch(t -> t.to() == Party.VMM_PROCESS)) {
                    break;
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<Event.RingTransition> trail = w.session().view().trail();
        Event.RingTransition toUser = trail.stream().filter(t -> t.to() == Party.VMM_PROCESS).findFirst().orElseThrow();
        assertEquals(new SplitRings.Place(true, 3), SplitRings.Place.of(w.session().view().rings(), toUser.toRing(), toUser.to()),
                "KVM_RUN returns to root ring 3");
        Event.RingTransition exit = trail.stream().filter(t -> t.cause() == dev.ringscope.trace.Cause.VM_EXIT)
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(new SplitRings.Place(false, 0), SplitRings.Place.of(w.session().view().rings(), exit.fromRing(), exit.from()));
        assertEquals(new SplitRings.Place(true, 0), SplitRings.Place.of(w.session().view().rings(), exit.toRing(), exit.to()),
                "a VM exit crosses from non-root to root ring 0");
        assertEquals("VMX non-root", SplitRings.sideTitles(w.session().view().rings())[0]);
        assertEquals("VMM process", SplitRings.occupants(w.session().view().rings(), true, 3));
        assertEquals("host kernel", SplitRings.occupants(w.session().view().rings(), true, 0));
        robot.interact(() -> w.setAccurateRingPicture(false));
        assertFalse(rings.showsSplitRings());
    }
}
