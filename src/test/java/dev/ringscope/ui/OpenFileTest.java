package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        openTrace(robot, trace);
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

    /** Opens a trace as File ▸ Open does and waits for its loading, in the background, to end. */
    private void openTrace(FxRobot robot, Path trace) throws Exception {
        robot.interact(() -> app.open(trace));
        javafx.concurrent.Task<Documents.Opened> task = app.opening();
        WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS, task::isDone);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private javafx.concurrent.Worker.State openingState() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> app.opening().getState()).get();
    }

    private static Path record(Path dir, String name, long instructions) {
        Path trace = dir.resolve(name);
        assertEquals(0, dev.ringscope.cli.RingScopeCommand.execute(new String[] {"run", "samples/bench/workload.asm",
                "--max-instructions", Long.toString(instructions), "--trace", trace.toString()},
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter())));
        return trace;
    }

    @Test
    void aTraceLoadsInTheBackgroundWithProgressThenOpensIndexedAtItsStart(FxRobot robot, @TempDir Path dir)
            throws Exception {
        Path trace = record(dir, "long.rstrace", 300_000);
        MainWindow before = window();
        List<Double> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> {
            app.open(trace);
            app.opening().progressProperty().addListener((o, was, now) -> progress.add(now.doubleValue()));
            assertSame(before, window(), "the run on screen stays while the trace loads");
        });
        WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS, app.opening()::isDone);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(javafx.concurrent.Worker.State.SUCCEEDED, openingState());
        assertNotSame(before, window());
        assertTrue(progress.size() >= 2 && progress.get(progress.size() - 1) >= 0.9, "progress was told: " + progress);
        dev.ringscope.replay.Playback p = window().session().playback();
        assertEquals(0, p.position().event(), "a trace opens at its start");
        long events = p.trace().size();
        assertTrue(events > 700_000, "the whole trace: " + events);
        assertEquals(events / p.checkpointInterval() + 1, p.checkpointCount(), "indexed while it loaded");
        assertEquals(events, window().timeline().track().events(), "the timeline read the run while it loaded");
        robot.interact(() -> window().session().seekInstruction(250_000));
        assertEquals(250_000, p.position().instruction());
    }

    @Test
    void cancellingTheLoadingOfATraceKeepsTheRunOnScreen(FxRobot robot, @TempDir Path dir) throws Exception {
        Path trace = record(dir, "cancel.rstrace", 300_000);
        MainWindow before = window();
        robot.interact(() -> {
            app.open(trace);
            app.opening().cancel(false); // what the progress window's Cancel does
        });
        WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS, app.opening()::isDone);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(javafx.concurrent.Worker.State.CANCELLED, openingState());
        assertSame(before, window(), "nothing replaced the run");
        assertTrue(robot.lookup("#task-message").queryLabeled().getText().contains("Cancelled"),
                "the progress window says so");
    }

    @Test
    void aTraceThatIsNotOneSaysWhyAndChangesNothing(FxRobot robot, @TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.rstrace");
        Files.write(bad, new byte[] {'R', 'S', 'T', 'R', 'A', 'C', 'E', 9, 9, 9});
        MainWindow before = window();
        openTrace(robot, bad);
        assertEquals(javafx.concurrent.Worker.State.FAILED, openingState());
        assertSame(before, window());
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(dialog.getContentText().contains("bad.rstrace"), dialog.getContentText());
    }
}
