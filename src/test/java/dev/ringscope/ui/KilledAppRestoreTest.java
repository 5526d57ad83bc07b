package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.ui.editor.Autosave;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Unsaved edits survive a kill -9: the app runs in a JVM of its own ({@link KilledAppDriver}), its
 * editor holds an edit that was never saved, the autosave timer keeps it, and the JVM is killed with
 * SIGKILL (no shutdown hook, nothing flushed). The next app, here, offers the edit back at its start,
 * and Restore puts it into the editor, unsaved.
 */
@ExtendWith(ApplicationExtension.class)
class KilledAppRestoreTest {

    @Start
    void start(Stage stage) {
        // this test makes its own apps
    }

    @Test
    void editsKeptBeforeAKillMinus9AreOfferedBackAndRestored(FxRobot robot, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("killed.asm");
        String saved = "%include \"lib.inc\"\nuser_main:\n    PRINTLN \"saved text\"\n    EXIT 0\n";
        String unsaved = saved.replace("saved text", "typed, never saved, then the JVM was killed");
        Files.writeString(file, saved);
        Path text = dir.resolve("unsaved.txt");
        Files.writeString(text, unsaved);
        Path autosaveDir = Autosave.forUser().folder();
        for (Autosave.Record r : Autosave.forUser().left()) { // what other tests left would be offered first
            Autosave.forUser().forget(r.id());
        }

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dtestfx.headless=true", "-Dprism.order=sw", "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless",
                "-Djava.awt.headless=true", "-Dringscope.settings.node=dev/ringscope/test-settings-killed",
                "-Dringscope.autosave.dir=" + autosaveDir.toAbsolutePath(),
                KilledAppDriver.class.getName(), file.toString(), text.toString()));
        Process app = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> said = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                said.add(line);
                if (line.equals("KEPT") || line.equals("NOT KEPT")) {
                    break;
                }
            }
            assertTrue(said.contains("KEPT"), "the other app kept the edit: " + said);
            app.destroyForcibly(); // SIGKILL: the JVM gets no chance to save or clean up
            assertTrue(app.waitFor(30, TimeUnit.SECONDS));
        } finally {
            app.destroyForcibly();
        }
        assertEquals(128 + 9, app.exitValue(), "killed by signal 9");

        RingScopeApp next = new RingScopeApp();
        robot.interact(() -> {
            try {
                next.start(new Stage()); // offers the edits it finds at start
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane offer = robot.lookup(".dialog-pane").match(
                (DialogPane d) -> d.getContentText() != null && d.getContentText().contains("killed.asm")).query();
        Button restore = (Button) offer.lookupButton(offer.getButtonTypes().stream()
                .filter(b -> b.getText().equals("Restore")).findFirst().orElseThrow());
        robot.interact(restore::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(unsaved, WaitForAsyncUtils.asyncFx(() -> next.editing().editor().text()).get());
        assertTrue(WaitForAsyncUtils.asyncFx(() -> next.editing().isDirty()).get(), "restored, not saved");
        assertEquals(saved, Files.readString(file), "the file itself was never written");
        robot.interact(() -> next.editing().discard());
    }
}
