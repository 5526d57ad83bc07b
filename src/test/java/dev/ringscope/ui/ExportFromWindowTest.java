package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.lesson.LessonReader;
import dev.ringscope.lesson.LessonResolver;
import dev.ringscope.lesson.ResolvedLesson;
import dev.ringscope.ui.present.ExportDialogs;
import dev.ringscope.ui.present.Exports;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File ▸ Export from the app: a span of the run as an animated GIF and a lesson as a PDF handout or a GIF,
 * drawn while the window stays usable, with progress and Cancel; the files read back with the asked size,
 * frame count and page count; bad settings are named in the dialog.
 */
@ExtendWith(ApplicationExtension.class)
class ExportFromWindowTest {

    private static final Path HELLO = Path.of("samples/user/hello.asm");

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 400, 300));
        stage.show();
    }

    /** Runs {@code task} as the app does (its own thread) and waits for it to end. */
    private static Worker.State finish(Task<Path> task) throws Exception {
        Thread t = new Thread(task, "export under test");
        t.setDaemon(true);
        t.start();
        t.join(TimeUnit.MINUTES.toMillis(3));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(t.isAlive(), "the export ended");
        return fx(task::getState);
    }

    /** {@code work}'s result, read on the JavaFX thread (a Task's state lives there). */
    private static <T> T fx(java.util.concurrent.Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }

    private static ImageReader gif(Path file) throws Exception {
        ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        ImageReader reader = readers.next();
        reader.setInput(in);
        return reader;
    }

    @Test
    void aSpanOfTheRunIsWrittenAsAGifWithTheAskedFramesAndSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("span.gif");
        Exports.Source source = new Exports.Source(HELLO, RunSetup.defaults().withTechnique(Technique.HARDWARE_ASSISTED),
                Themes.Theme.DARK);
        Task<Path> task = Exports.animation(source, new Exports.Animation(3_900, 4_000, 5, 200, 640, 360), file);
        assertEquals(Worker.State.SUCCEEDED, finish(task), String.valueOf(fx(task::getException)));
        ImageReader reader = gif(file);
        assertEquals(5, reader.getNumImages(true));
        BufferedImage first = reader.read(0);
        assertEquals(640, first.getWidth());
        assertEquals(360, first.getHeight());
        assertFalse(sameImage(first, reader.read(4)), "the frames show different points of the run");
        assertEquals(1.0, fx(task::getProgress), 1e-9);
        String message = fx(task::getMessage);
        assertTrue(message.startsWith("Wrote span.gif (5 frames)"), message);
    }

    @Test
    void cancellingStopsTheDrawingAndWritesNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("long.gif");
        Exports.Source source = new Exports.Source(HELLO, RunSetup.defaults(), Themes.Theme.LIGHT);
        Task<Path> task = Exports.animation(source, new Exports.Animation(0, 100_000, 400, 100, 320, 240), file);
        task.progressProperty().addListener((o, a, b) -> {
            if (b.doubleValue() > 0) {
                task.cancel(false); // after the first frame, as a user pressing Cancel
            }
        });
        assertEquals(Worker.State.CANCELLED, finish(task));
        assertFalse(Files.exists(file), "a cancelled export writes no file");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "and leaves no part of one");
        }
    }

    @Test
    void aLessonIsWrittenAsAHandoutAPageAStepAndAsAGifAFrameAStep(@TempDir Path dir) throws Exception {
        ResolvedLesson lesson = new LessonResolver().resolve(
                LessonReader.read(Path.of("samples/lessons/02-privileged-instructions.json")));
        int steps = lesson.lesson().steps().size();
        Path pdf = dir.resolve("handout.pdf");
        Task<Path> handout = Exports.lesson(lesson, Exports.LessonForm.PDF, 640, 360, 1000, Themes.Theme.LIGHT, pdf);
        assertEquals(Worker.State.SUCCEEDED, finish(handout), String.valueOf(fx(handout::getException)));
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertEquals(steps, doc.getNumberOfPages());
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains(lesson.lesson().steps().get(0).title()), "the first step's title is in the handout");
        }
        Path gif = dir.resolve("lesson.gif");
        Task<Path> frames = Exports.lesson(lesson, Exports.LessonForm.GIF, 480, 270, 1000, Themes.Theme.PROJECTOR, gif);
        assertEquals(Worker.State.SUCCEEDED, finish(frames), String.valueOf(fx(frames::getException)));
        ImageReader reader = gif(gif);
        assertEquals(steps, reader.getNumImages(true));
        assertEquals(480, reader.read(0).getWidth());
    }

    @Test
    void everyBadSettingIsNamedAndNothingStarts() {
        assertTrue(new Exports.Animation(10, 5, 3, 100, 640, 360).problem().contains("comes before the start"));
        assertTrue(new Exports.Animation(-1, 5, 3, 100, 640, 360).problem().contains("0 or more"));
        assertTrue(new Exports.Animation(0, 5, 0, 100, 640, 360).problem().contains("Frames must be from 1 to 500"));
        assertTrue(new Exports.Animation(0, 5, 501, 100, 640, 360).problem().contains("Frames must be from 1 to 500"));
        assertTrue(new Exports.Animation(5, 5, 3, 100, 640, 360).problem().contains("end after the start"));
        assertTrue(new Exports.Animation(0, 5, 3, 10, 640, 360).problem().contains("20 to 60,000 ms"));
        assertTrue(new Exports.Animation(0, 5, 3, 100, 100, 360).problem().contains("320×240 to 3840×2160"));
        assertTrue(new Exports.Animation(0, Exports.MAX_SPAN + 1, 3, 100, 640, 360).problem().contains("longer than"));
        assertEquals("", new Exports.Animation(5, 5, 1, 100, 640, 360).problem(), "one frame of one point is fine");
        Exports.Source source = new Exports.Source(HELLO, RunSetup.defaults(), Themes.Theme.LIGHT);
        assertThrows(IllegalArgumentException.class,
                () -> Exports.animation(source, new Exports.Animation(10, 5, 3, 100, 640, 360), Path.of("x.gif")));
    }

    @Test
    void theDialogSaysWhatIsWrongAndKeepsOkOffUntilItCanBeDrawn(FxRobot robot) throws Exception {
        AtomicReference<Dialog<Exports.Animation>> shown = new AtomicReference<>();
        robot.interact(() -> {
            Dialog<Exports.Animation> d = ExportDialogs.animationDialog(stage, new ExportDialogs.AnimationForm(3941, 1280, 800));
            d.show();
            shown.set(d);
        });
        Dialog<Exports.Animation> dialog = shown.get();
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        TextField to = (TextField) dialog.getDialogPane().lookup("#export-to");
        TextField frames = (TextField) dialog.getDialogPane().lookup("#export-frames");
        Label problem = (Label) dialog.getDialogPane().lookup("#export-problem");
        assertEquals("", problem.getText(), "the suggested span can be drawn");
        assertFalse(ok.isDisabled());
        robot.interact(() -> to.setText("100"));
        assertTrue(ok.isDisabled(), "OK is off while the end is before the start");
        assertTrue(problem.getText().contains("comes before the start"), problem.getText());
        robot.interact(() -> to.setText("ten thousand"));
        assertTrue(problem.getText().contains("whole numbers"), problem.getText());
        robot.interact(() -> {
            to.setText("5,000");
            frames.setText("24");
        });
        assertFalse(ok.isDisabled(), problem.getText());
        robot.interact(() -> ok.fire());
        Exports.Animation chosen = dialog.getResult();
        assertNotNull(chosen);
        assertEquals(new Exports.Animation(3941, 5000, 24, 500, 1280, 720), chosen);
    }

    @Test
    void theFileMenuOffersTheExportsThatTheWindowCanMake(FxRobot robot) throws Exception {
        Session session = new Session(dev.ringscope.replay.Playback.live(RingScopeApp.bootSample(RingScopeApp.DEFAULT_SAMPLE)));
        ResolvedLesson lesson = new LessonResolver().resolve(
                LessonReader.read(Path.of("samples/lessons/02-privileged-instructions.json")));
        MainWindow[] windows = new MainWindow[3];
        robot.interact(() -> {
            windows[2] = new MainWindow(session, "lesson", null, new MainWindow.Actions() {
                @Override
                public ResolvedLesson playingLesson() {
                    return lesson;
                }
            });
            windows[0] = new MainWindow(session, "hello", null, new MainWindow.Actions() {
            });
            windows[1] = new MainWindow(session, "hello", null, new MainWindow.Actions() {
                @Override
                public Path programFile() {
                    return HELLO;
                }
            });
        });
        assertTrue(item(windows[0], "export-gif").isDisable(), "no file on screen: nothing to run again");
        assertFalse(item(windows[1], "export-gif").isDisable());
        assertTrue(item(windows[1], "export-lesson-pdf").isDisable(), "no lesson: no handout");
        assertTrue(item(windows[1], "export-lesson-gif").isDisable());
        assertFalse(item(windows[2], "export-lesson-pdf").isDisable(), "a lesson playing can be handed out");
        assertFalse(item(windows[2], "export-lesson-gif").isDisable());
        assertEquals(HELLO, windows[1].exportSource().program());
        assertNull(windows[0].exportSource().program());
    }

    private static MenuItem item(MainWindow window, String id) {
        MenuBar bar = (MenuBar) window.lookup(".menu-bar");
        for (javafx.scene.control.Menu menu : bar.getMenus()) {
            for (MenuItem item : menu.getItems()) {
                if (id.equals(item.getId())) {
                    return item;
                }
            }
        }
        throw new AssertionError("no menu item " + id);
    }

    private static boolean sameImage(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y += 3) {
            for (int x = 0; x < a.getWidth(); x += 3) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }
}
