package dev.ringscope.ui.present;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.ui.Themes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The projector layout's sizes (1em = 1/30 of the screen height) and the clicker's key map. */
@ExtendWith(ApplicationExtension.class)
class ProjectorLayoutTest {

    /** The narration's size in pixels and the ring text scale, for a layout {@code w}×{@code h} in a window at 100%. */
    private static double[] measure(int w, int h, double zoom) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            List<Double> scales = new ArrayList<>();
            ProjectorLayout layout = new ProjectorLayout(new Region(), scales::add);
            StackPane window = new StackPane(layout);
            window.getStyleClass().add("zoom-100"); // the main window's zoom step: 14px
            Scene scene = new Scene(window, w, h);
            scene.getStylesheets().setAll(Themes.stylesheets(Themes.Theme.PROJECTOR));
            layout.setZoom(zoom);
            window.applyCss();
            window.layout();
            layout.applyCss();
            return new double[] {layout.emPixels(), scales.get(scales.size() - 1)};
        }).get();
    }

    @ParameterizedTest
    @CsvSource({"1280, 720, 24", "1920, 1080, 36", "2560, 1440, 48", "3840, 2160, 72"})
    void theNarrationIsAThirtiethOfTheScreenHeight(int w, int h, double px) throws Exception {
        double[] m = measure(w, h, 1);
        assertEquals(px, m[0], 0.1, "narration size at " + w + "x" + h);
        assertEquals(px, m[1] * ProjectorLayout.RING_TITLE_PX, 0.01, "ring titles at the same size");
    }

    /** The question's prompt in pixels and its first choice's, on a projector {@code w}×{@code h}. */
    private static double[] measureQuestion(int w, int h) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            ProjectorLayout layout = new ProjectorLayout(new Region(), scale -> {
            });
            StackPane window = new StackPane(layout);
            window.getStyleClass().add("zoom-100");
            Scene scene = new Scene(window, w, h);
            scene.getStylesheets().setAll(Themes.stylesheets(Themes.Theme.PROJECTOR));
            window.applyCss(); // on screen before the step with the question comes
            window.layout();
            layout.question().show(new Poll(dev.ringscope.lesson.Markup.parse("Whose stack is **ESP** on?"),
                    List.of(dev.ringscope.lesson.Markup.parse("the user's"), dev.ringscope.lesson.Markup.parse("the kernel's")),
                    -1, -1, null));
            window.applyCss();
            window.layout();
            javafx.scene.control.Label prompt = (javafx.scene.control.Label) layout.lookup(".question-prompt");
            javafx.scene.control.Button choice = (javafx.scene.control.Button) layout.lookup(".question-choice");
            return new double[] {prompt.getFont().getSize(), choice.getFont().getSize(), layout.emPixels()};
        }).get();
    }

    @ParameterizedTest
    @CsvSource({"1280, 720", "1920, 1080"})
    void theQuestionReadsFromTheBackRowItsPromptAsLargeAsTheNarration(int w, int h) throws Exception {
        double[] m = measureQuestion(w, h);
        assertEquals(m[2], m[0], 0.1, "the prompt is 1em, as the narration, at " + w + "x" + h);
        assertTrue(m[1] >= 0.75 * m[2] - 0.1, "a choice is never below 0.75em: " + m[1] + " of " + m[2]);
    }

    @Test
    void inBetweenHeightsTakeTheStepBelowThem() {
        assertEquals("present-h720", ProjectorLayout.sizeClass(500));
        assertEquals("present-h720", ProjectorLayout.sizeClass(800));
        assertEquals("present-h900", ProjectorLayout.sizeClass(1050));
        assertEquals("present-h1080", ProjectorLayout.sizeClass(1080));
        assertEquals("present-h1080", ProjectorLayout.sizeClass(1200));
    }

    @Test
    void theZoomScalesTheRingsToo() throws Exception {
        assertEquals(2 * measure(1280, 720, 1)[1], measure(1280, 720, 2)[1], 1e-9);
    }

    @ParameterizedTest
    @CsvSource({"PAGE_DOWN, NEXT", "RIGHT, NEXT", "SPACE, NEXT", "PAGE_UP, BACK", "LEFT, BACK", "B, BLANK",
            "PERIOD, BLANK", "ESCAPE, LEAVE", "F5, ENTER", "P, PRESENTER", "C, CLEAR"})
    void whatAClickerSendsMeansWhatItSays(KeyCode key, ClickerKeys.Command command) {
        assertEquals(Optional.of(command), ClickerKeys.command(key, true));
    }

    @Test
    void outsidePresentationModeOnlyF5IsTaken() {
        assertEquals(Optional.of(ClickerKeys.Command.ENTER), ClickerKeys.command(KeyCode.F5, false));
        for (KeyCode k : new KeyCode[] {KeyCode.PAGE_DOWN, KeyCode.SPACE, KeyCode.RIGHT, KeyCode.B, KeyCode.ESCAPE, KeyCode.C}) {
            assertTrue(ClickerKeys.command(k, false).isEmpty(), k + " stays the window's");
        }
    }
}
