package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** File ▸ Open: good files replace the run on screen; bad ones explain themselves and change nothing. */
@ExtendWith(ApplicationExtension.class)
class OpenFileTest {

    private RingScopeApp app;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        // each test starts from no remembered settings (the tests' own preferences node)
        java.util.prefs.Preferences.userRoot().node(RingScopeApp.SETTINGS_NODE).clear();
        this.stage = stage;
        app = new RingScopeApp();
        app.start(stage);
    }

    private MainWindow window() {
        return (MainWindow) stage.getScene().getRoot();
    }

    @Test
    void aFileThatDoesNotAssembleOpensInTheEditorWithItsErrorsAndLeavesTheAppUsable(FxRobot robot, @TempDir Path dir)
            throws Exception {
        Path bad = dir.resolve("bad.asm");
        Files.writeString(bad, "bits 32\nmov eax,\nfrob\n");
        MainWindow before = window();
        robot.interact(() -> app.open(bad));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup(".dialog-pane").tryQuery().isEmpty(), "no dialog: the editor says it");
        assertSame(before, window(), "the run on screen is kept");
        dev.ringscope.ui.editor.ProgramEditor editor = app.editing().editor();
        WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(editor::isAssemblyCurrent).get());
        java.util.List<String> said = WaitForAsyncUtils.asyncFx(() -> editor.problemsList().getItems().stream()
                .map(dev.ringscope.ui.editor.Problem::describe).toList()).get();
        assertTrue(!said.isEmpty() && said.get(0).startsWith("2:9: error: expected an expression"), said.toString());
        assertTrue(said.stream().noneMatch(p -> p.contains("Exception")), said.toString());
        assertEquals(bad, app.editing().path());
        robot.interact(() -> window().session().step());
        assertEquals(1, window().session().view().instructionsRetired());
    }

    @Test
    void anElfTheMiniOsCannotRunSaysWhyAndLeavesTheAppUsable(FxRobot robot, @TempDir Path dir) throws Exception {
        Path wide = dir.resolve("wide.elf");
        Files.write(wide, dev.ringscope.elf.TestElf.exit7().elfClass(2).bytes());
        MainWindow before = window();
        robot.interact(() -> app.open(wide));
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertEquals(wide + ": a 64-bit ELF file (e_ident[EI_CLASS] = ELFCLASS64): the mini OS runs 32-bit i386 "
                + "programs; build with gcc -m32 and link with ld -m elf_i386", dialog.getContentText());
        robot.interact(() -> ((Stage) dialog.getScene().getWindow()).close());
        assertSame(before, window(), "the run on screen is kept");
    }

    @Test
    void anElfOpensAsAMiniOsUserProgram(FxRobot robot) {
        robot.interact(() -> app.open(Path.of("samples/c/privileged.elf")));
        robot.interact(() -> window().session().playback().advance(1_000_000));
        assertTrue(window().session().playback().trace().size() > 0);
        robot.interact(() -> window().session().step());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window().codeView().lines().stream().anyMatch(l -> l.text().equals("read_eflags:")
                || l.text().equals("main:")), "the ELF's functions in the code view");
    }

    @Test
    void aTraceRecordedUnderAVmmOpensWithThatVmmsViews(FxRobot robot, @TempDir Path dir) throws Exception {
        Path trace = dir.resolve("hw.jsonl");
        assertEquals(0, dev.ringscope.cli.RingScopeCommand.execute(new String[] {"run", "samples/user/hello.asm",
                "--technique", "hardware-assisted", "--trace", trace.toString(), "--json"},
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter())));
        robot.interact(() -> app.open(trace));
        robot.interact(() -> window().session().playback().stepToNext(java.util.Set.of(
                dev.ringscope.trace.EventKind.VM_EXIT), 1_000_000));
        robot.interact(() -> window().session().step());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup(".vmm-heading").queryAs(javafx.scene.control.Label.class).getText()
                .startsWith("Hardware assist"), "the header's technique");
        assertTrue(robot.lookup("#technique").queryComboBox().isDisabled(), "a recording cannot be re-run");
        assertTrue(robot.lookup(".vmcs").tryQuery().isPresent(), "the VMCS from the recorded exits");
    }

    @Test
    void anotherSampleReplacesTheRun(FxRobot robot) throws Exception {
        MainWindow before = window();
        robot.interact(() -> app.open(Path.of("samples/user/cli.asm")));
        assertNotSame(before, window());
        robot.interact(() -> window().session().playback().advance(1_000_000));
        robot.interact(() -> window().session().step());
        assertTrue(window().session().view().console().text().contains("killed"));
    }

    @Test
    void theLastProgramAndTheZoomAreRemembered(FxRobot robot) throws Exception {
        robot.interact(() -> app.open(Path.of("samples/user/cli.asm")));
        robot.interact(() -> window().zoom(1));
        java.util.prefs.Preferences settings = java.util.prefs.Preferences.userRoot().node(RingScopeApp.SETTINGS_NODE);
        assertTrue(settings.get("lastProgram", "").endsWith("cli.asm"));
        assertEquals(125, settings.getInt("zoom", 0));
    }

    @Test
    void theLayoutAndTheTechniqueAreRememberedAndComeBack(FxRobot robot) throws Exception {
        robot.interact(() -> app.open(Path.of("samples/user/hello.asm")));
        robot.interact(() -> window().applyLayout(new double[] {0.3, 0.6, 0.5}));
        robot.interact(() -> RingScopeApp.rememberLayout(window().dividers())); // what closing the window does
        robot.interact(() -> app.setupChanged(dev.ringscope.vmm.RunSetup.of(dev.ringscope.vmm.Technique.PARAVIRTUAL,
                false, dev.ringscope.vmm.CostModel.MODERN)));
        java.util.prefs.Preferences settings = java.util.prefs.Preferences.userRoot().node(RingScopeApp.SETTINGS_NODE);
        assertEquals("paravirtual", settings.get("technique", ""));
        assertEquals("modern", settings.get("cost", ""));
        double[] d = window().dividers();
        assertEquals(0.3, d[0], 0.02, "the re-run window keeps the dividers");
        assertEquals(0.5, d[2], 0.02);
        assertTrue(RingScopeApp.rememberedLayout() != null);
        assertTrue(window().session().playback().machine().map(dev.ringscope.vmm.VirtualMachine::technique)
                .orElseThrow() == dev.ringscope.vmm.Technique.PARAVIRTUAL, "the program runs again under the new technique");
    }

    @Test
    void aMissingFileIsSaidPlainly(FxRobot robot) {
        robot.interact(() -> app.open(Path.of("no/such/file.bin")));
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(dialog.getContentText().contains("is not a file that can be read"), dialog.getContentText());
    }
}
