package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.testing.GuestImages;
import dev.ringscope.replay.Playback;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The main window under a VMM: the setup bar re-runs, the virtual CPU stands beside the real one, the VMM tab explains. */
@ExtendWith(ApplicationExtension.class)
class VirtualizationViewsTest {

    private Stage stage;
    private final List<RunSetup> asked = new ArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private MainWindow show(FxRobot robot, String sample, RunSetup setup) throws Exception {
        Path p = Path.of(sample);
        byte[] image = GuestImages.of(p, setup.technique());
        Session session = new Session(Playback.live(setup.boot(image)));
        MainWindow[] window = new MainWindow[1];
        robot.interact(() -> {
            window[0] = new MainWindow(session, sample, null, new MainWindow.Actions() {
                @Override
                public void setupChanged(RunSetup changed) {
                    asked.add(changed);
                }
            }, setup);
            Scene scene = new Scene(window[0], 1280, 800);
            window[0].installKeys(scene);
            stage.setScene(scene);
            stage.show();
        });
        return window[0];
    }

    private static List<String> texts(FxRobot robot, String selector) {
        return robot.lookup(selector).queryAllAs(Label.class).stream().map(Label::getText).toList();
    }

    @Test
    void choosingATechniqueAsksToRunAgainUnderIt(FxRobot robot) throws Exception {
        show(robot, "samples/user/hello.asm", RunSetup.defaults());
        ComboBox<Technique> technique = robot.lookup("#technique").queryComboBox();
        robot.interact(() -> technique.setValue(Technique.BINARY_TRANSLATION));
        robot.interact(() -> technique.getOnAction().handle(null));
        assertEquals(Technique.BINARY_TRANSLATION, asked.get(asked.size() - 1).technique());
        assertTrue(robot.lookup("#vmcs").queryButton().isDisabled(), "VMCS controls only for hardware assist");
    }

    @Test
    void underTrapAndEmulateTheGuestsVirtualCpuStandsBesideTheRealOne(FxRobot robot) throws Exception {
        MainWindow w = show(robot, "samples/user/hello.asm", RunSetup.of(Technique.TRAP_EMULATE, false,
                dev.ringscope.vmm.CostModel.P4_2006));
        robot.interact(() -> {
            w.session().playback().stepToNext(Set.of(EventKind.SYSTEM_CALL), 1_000_000);
            w.session().step();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(texts(robot, ".register-heading").contains("guest sees"));
        List<String> differing = texts(robot, ".register-value.differs");
        assertTrue(differing.stream().anyMatch(t -> t.startsWith("0008  (RPL 0)")), "the guest believes CS = 8: " + differing);
        assertEquals(1, w.session().view().ring(), "its kernel really runs in ring 1");
        assertTrue(texts(robot, ".vmm-heading").get(0).startsWith("Trap and emulate"));
    }

    @Test
    void underVtxTheVmcsShowsTheLastExitDecoded(FxRobot robot) throws Exception {
        MainWindow w = show(robot, "samples/user/hello.asm", RunSetup.of(Technique.HARDWARE_ASSISTED, false,
                dev.ringscope.vmm.CostModel.P4_2006));
        robot.interact(() -> {
            w.session().playback().stepToNext(Set.of(EventKind.VM_EXIT), 1_000_000);
            w.session().step();
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<String> vmcs = robot.lookup(".vmcs .label").queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertTrue(vmcs.contains("last exit reason"), vmcs.toString());
        assertTrue(vmcs.stream().anyMatch(t -> t.startsWith("30 I/O instruction") || t.startsWith("28 control-register")
                || t.startsWith("0 exception")), vmcs.toString());
        assertTrue(vmcs.contains("shadow page tables"), "the 2006 preset has no EPT: " + vmcs);
    }

    @Test
    void underBinaryTranslationTheBlockStandsBesideItsTranslation(FxRobot robot) throws Exception {
        MainWindow w = show(robot, "samples/user/hello.asm", RunSetup.of(Technique.BINARY_TRANSLATION, false,
                dev.ringscope.vmm.CostModel.P4_2006));
        robot.interact(() -> {
            w.session().playback().stepToNext(Set.of(EventKind.SYSTEM_CALL), 1_000_000);
            w.session().step();
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<String> title = texts(robot, ".translation-title");
        assertEquals(1, title.size());
        assertTrue(title.get(0).contains("translation cache FFD"), title.get(0));
        List<String> current = texts(robot, ".translation-guest.current");
        assertEquals(1, current.size(), "the current instruction is marked in its block");
        assertTrue(current.get(0).startsWith(String.format("%08X", w.session().view().current().eip())));
    }

    /** Each technique's ring layout: who the events say runs in each ring once the guest has made a system call. */
    @Test
    void eachTechniqueRendersItsRingLayout(FxRobot robot) throws Exception {
        for (Technique t : Technique.values()) {
            MainWindow w = show(robot, "samples/user/hello.asm", RunSetup.of(t, false, dev.ringscope.vmm.CostModel.P4_2006));
            robot.interact(() -> {
                w.session().playback().stepToNext(Set.of(EventKind.SYSTEM_CALL), 1_000_000);
                w.session().step();
            });
            WaitForAsyncUtils.waitForFxEvents();
            java.util.SortedMap<Integer, dev.ringscope.trace.Party> parties = w.session().view().parties();
            switch (t) {
                case NATIVE -> {
                    assertEquals(dev.ringscope.trace.Party.GUEST_KERNEL, parties.get(0));
                    assertTrue(!parties.containsKey(-1) && !parties.containsValue(dev.ringscope.trace.Party.VMM));
                }
                case HARDWARE_ASSISTED -> {
                    assertEquals(dev.ringscope.trace.Party.VMM, parties.get(-1), parties.toString());
                    assertEquals(dev.ringscope.trace.Party.GUEST_KERNEL, parties.get(0));
                    assertTrue(w.ringView().hasHypervisorRing());
                }
                default -> {
                    assertEquals(dev.ringscope.trace.Party.VMM, parties.get(0), t + ": " + parties);
                    assertEquals(dev.ringscope.trace.Party.GUEST_KERNEL, parties.get(1), t + ": " + parties);
                    assertTrue(!w.ringView().hasHypervisorRing());
                }
            }
            assertEquals(dev.ringscope.trace.Party.GUEST_USER, parties.get(3));
        }
    }

    @Test
    void qualificationsAreDecodedAsTheSdmLaysThemOut() {
        assertEquals("CR3, mov to CR, EAX", VmmPanel.decode(new Event.VmExit(0, 0, 28, "control-register access", 3, 0)));
        assertEquals("out, 1 byte, port 00E9, immediate port",
                VmmPanel.decode(new Event.VmExit(0, 0, 30, "I/O instruction", 0xE9L << 16 | 64, 0)));
        assertEquals("in, 4 bytes, port 0CF8, port in DX",
                VmmPanel.decode(new Event.VmExit(0, 0, 30, "I/O instruction", 0xCF8L << 16 | 8 | 3, 0)));
    }
}
