package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.ui.editor.Autosave;
import dev.ringscope.ui.editor.Problem;
import dev.ringscope.ui.editor.ProgramEditor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The program editor in the app: a sample opened is editable; a typo is found by the background assembly,
 * listed with its line and column and underlined; Ctrl+R runs the buffer under the current technique and
 * a buffer that does not assemble leaves the last good run on screen, marked stale; unsaved edits are kept
 * in the autosave folder and offered back to a new app; a change on disk reloads a clean buffer; save
 * writes the file; the line of the instruction on screen is marked.
 */
@ExtendWith(ApplicationExtension.class)
class ProgramEditorTest {

    private static final String HELLO = """
            %include "lib.inc"

            user_main:
                    PRINTLN "hello from the editor"
                    EXIT 0
            """;

    private RingScopeApp app;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        java.util.prefs.Preferences.userRoot().node(RingScopeApp.SETTINGS_NODE).clear();
        clearAutosave();
        this.stage = stage;
        app = new RingScopeApp();
        app.start(stage);
    }

    /** The app of a test stops its editor's timer, so it keeps nothing in the folder the next test reads. */
    @org.junit.jupiter.api.AfterEach
    void stopEditing(FxRobot robot) {
        robot.interact(() -> {
            if (app.editing() != null) {
                app.editing().discard();
                app.editing().close();
            }
        });
    }

    private static void clearAutosave() throws Exception {
        Autosave a = Autosave.forUser();
        for (Autosave.Record r : a.left()) {
            a.forget(r.id());
        }
    }

    private MainWindow window() {
        return (MainWindow) stage.getScene().getRoot();
    }

    private static <T> T fx(java.util.concurrent.Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(60, TimeUnit.SECONDS);
    }

    /** A copy of a program in {@code dir}, opened in the app. */
    private Path openCopy(FxRobot robot, Path dir, String text) throws Exception {
        Path file = dir.resolve("mine.asm");
        Files.writeString(file, text);
        robot.interact(() -> app.open(file));
        return file;
    }

    private void type(FxRobot robot, String text) {
        robot.interact(() -> app.editing().editor().area().replaceText(text));
    }

    /** Waits for the background assembly of the text on screen. */
    private ProgramEditor.Assembled assembled() throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> app.editing().editor().isAssemblyCurrent()));
        return fx(() -> app.editing().editor().lastAssembly());
    }

    @Test
    void aTypoIsListedWhereTheAssemblerPointsAndUnderlined(FxRobot robot, @TempDir Path dir) throws Exception {
        openCopy(robot, dir, HELLO);
        assertNotNull(app.editing(), "an .asm file opens in the editor");
        type(robot, HELLO.replace("        EXIT 0", "        movv eax, 1\n        EXIT 0"));
        ProgramEditor.Assembled a = assembled();
        assertFalse(a.ok());
        Problem p = a.problems().get(0);
        assertTrue(p.inEditedFile(), p.toString());
        assertEquals(5, p.line(), p.describe());
        assertEquals(9, p.column(), p.describe());
        assertTrue(p.describe().contains("unknown instruction 'movv'"), p.describe());
        List<String> styles = fx(() -> List.copyOf(app.editing().editor().area().getStyleOfChar(
                app.editing().editor().area().getAbsolutePosition(4, 9))));
        assertTrue(styles.contains("asm-error-mark"), "the word is underlined: " + styles);
        String state = fx(() -> ((javafx.scene.control.Label) app.editing().editor().lookup("#editor-state")).getText());
        assertTrue(state.startsWith("1 error"), state);
        type(robot, HELLO);
        assertTrue(assembled().ok(), "fixed, it assembles again");
    }

    @Test
    void ctrlRRunsTheBufferAndABrokenBufferKeepsTheLastGoodRun(FxRobot robot, @TempDir Path dir) throws Exception {
        Path file = openCopy(robot, dir, HELLO);
        type(robot, HELLO.replace("hello from the editor", "changed before saving"));
        robot.interact(() -> app.editing().editor().runNow());
        MainWindow changed = window();
        robot.interact(() -> changed.session().advanceAtStart(20_000));
        String console = fx(() -> changed.session().view().console().text());
        assertTrue(console.contains("changed before saving"), "the run is the buffer's, unsaved: " + console);
        assertEquals(HELLO, Files.readString(file), "running does not save");
        type(robot, HELLO.replace("EXIT 0", "EXITT 0"));
        robot.interact(() -> app.editing().editor().runNow());
        assertSame(changed, window(), "a buffer that does not assemble leaves the run on screen");
        String state = fx(() -> ((javafx.scene.control.Label) app.editing().editor().lookup("#editor-state")).getText());
        assertTrue(state.contains("earlier version"), "marked stale: " + state);
        assertSame(app.editing().editor(), fx(() -> window().editor()), "the editor stays with its text");
    }

    @Test
    void unsavedEditsAreKeptAndOfferedBackToTheNextApp(FxRobot robot, @TempDir Path dir) throws Exception {
        Path file = openCopy(robot, dir, HELLO);
        String edited = HELLO.replace("hello from the editor", "not saved yet");
        type(robot, edited);
        robot.interact(() -> app.editing().tick());
        List<Autosave.Record> left = Autosave.forUser().left().stream()
                .filter(r -> file.toAbsolutePath().equals(r.file())).toList();
        assertEquals(1, left.size(), "the unsaved edit is on disk");
        assertEquals(edited, left.get(0).text());
        assertEquals(file.toAbsolutePath(), left.get(0).file());
        // a second app, as after a crash: the record is restored into its editor
        RingScopeApp next = new RingScopeApp();
        robot.interact(() -> {
            try {
                next.start(new Stage());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        robot.interact(() -> next.restoreEdits(left.get(0)));
        assertEquals(edited, fx(() -> next.editing().editor().text()));
        assertTrue(fx(() -> next.editing().isDirty()), "restored, not saved");
        robot.interact(() -> {
            try {
                next.editing().saveTo(file);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(edited, Files.readString(file, StandardCharsets.UTF_8), "saved");
        assertTrue(Autosave.forUser().left().stream().noneMatch(r -> file.toAbsolutePath().equals(r.file())),
                "a saved buffer leaves nothing to offer");
    }

    @Test
    void aChangeOnDiskReloadsACleanBuffer(FxRobot robot, @TempDir Path dir) throws Exception {
        Path file = openCopy(robot, dir, HELLO);
        String outside = HELLO.replace("hello from the editor", "written by another program");
        Files.writeString(file, outside);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        robot.interact(() -> app.editing().tick());
        assertEquals(outside, fx(() -> app.editing().editor().text()));
        assertFalse(fx(() -> app.editing().isDirty()));
    }

    @Test
    void theInstructionOnScreenIsMarkedOnItsSourceLine(FxRobot robot, @TempDir Path dir) throws Exception {
        openCopy(robot, dir, HELLO);
        MainWindow w = window();
        // run to the user program's first instruction: the PRINTLN macro's, called on line 4
        int userMain = fx(() -> w.codeProgram().symbols().get("user_main").intValue());
        robot.interact(() -> {
            w.session().playback().addBreakpoint(dev.ringscope.replay.Breakpoint.at(userMain));
            w.session().advanceAtStart(50_000);
        });
        int line = fx(() -> app.editing().editor().markedLine());
        assertEquals(4, line, "a macro's instruction is marked on the line that calls it");
        assertEquals(line, fx(() -> w.editorLineOf(w.session().view())));
    }

    @Test
    void ctrlSlashCommentsTheSelectedLinesAndUncommentsThem(FxRobot robot, @TempDir Path dir) throws Exception {
        openCopy(robot, dir, HELLO);
        ProgramEditor e = app.editing().editor();
        robot.interact(() -> {
            e.area().selectRange(e.area().getAbsolutePosition(3, 0), e.area().getAbsolutePosition(4, 3));
            e.area().fireEvent(new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED, "", "",
                    javafx.scene.input.KeyCode.SLASH, false, true, false, false));
        });
        String text = fx(e::text);
        assertTrue(text.contains("user_main:\n;         PRINTLN \"hello from the editor\"\n;         EXIT 0"), text);
        robot.interact(() -> {
            e.area().selectRange(e.area().getAbsolutePosition(3, 0), e.area().getAbsolutePosition(4, 3));
            e.area().fireEvent(new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED, "", "",
                    javafx.scene.input.KeyCode.SLASH, false, true, false, false));
        });
        assertEquals(HELLO, fx(e::text), "toggled back");
    }

    @Test
    void theIncludedFilesAreListedAndAProblemInOneOpensItReadOnlyAtItsLine(FxRobot robot, @TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("mine.inc"), "; my helpers\nmy_helper:\n    movv eax, 1\n    ret\n");
        Path file = openCopy(robot, dir, HELLO.replace("user_main:", "%include \"mine.inc\"\nuser_main:"));
        ProgramEditor.Assembled a = assembled();
        assertFalse(a.ok());
        List<String> names = a.includes().stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.contains("lib.inc") && names.contains("mine.inc") && names.contains("kernel.asm"),
                "every file the assembly read: " + names);
        assertFalse(a.includes().contains(file.toAbsolutePath().normalize()), "not the edited file itself");
        assertTrue(fx(() -> app.editing().editor().includesMenu().getItems().stream()
                .anyMatch(i -> i.getText().equals("mine.inc"))), "listed in the editor's menu");

        Problem typo = a.problems().stream().filter(p -> p.file().endsWith("mine.inc")).findFirst().orElseThrow();
        assertEquals(3, typo.line(), "the assembler's line in the included file");
        assertFalse(typo.inEditedFile());
        robot.clickOn(robot.lookup("#editor-problems .list-cell").match(
                (javafx.scene.control.ListCell<?> c) -> c.getItem() == typo).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        dev.ringscope.ui.editor.IncludedFileView view = robot.lookup(".included-file")
                .queryAs(dev.ringscope.ui.editor.IncludedFileView.class);
        assertEquals(dir.resolve("mine.inc").toAbsolutePath().normalize(), fx(view::file));
        assertEquals(3, fx(view::markedLine), "the problem's line is marked");
        assertEquals(Files.readString(dir.resolve("mine.inc")), fx(view::text));
        assertFalse(fx(view::isEditable), "included files are shown read-only");
        robot.interact(() -> view.getScene().getWindow().hide());
    }
}
