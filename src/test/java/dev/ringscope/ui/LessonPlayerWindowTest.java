package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.lesson.Highlight;
import dev.ringscope.lesson.LessonPlayer;
import dev.ringscope.lesson.LessonReader;
import dev.ringscope.lesson.LessonResolver;
import dev.ringscope.lesson.LessonStep;
import dev.ringscope.lesson.ResolvedLesson;
import dev.ringscope.ui.lesson.StepEditor;
import dev.ringscope.ui.present.Poll;
import dev.ringscope.vmm.Technique;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A lesson played in the app, headless: every shipped lesson from its first step to its last with PageDown
 * alone in presentation mode, its questions hidden until revealed, its marks in the views; leaving the script
 * and coming back; another technique explored and left; a step added, saved and read back.
 */
@ExtendWith(ApplicationExtension.class)
class LessonPlayerWindowTest {

    private RingScopeApp app;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        java.util.prefs.Preferences.userRoot().node(RingScopeApp.SETTINGS_NODE).clear();
        this.stage = stage;
        app = new RingScopeApp();
        app.start(stage);
    }

    static Stream<Path> lessons() throws IOException {
        return Files.list(Path.of("samples/lessons")).filter(f -> f.toString().endsWith(".json")).sorted();
    }

    private MainWindow window() {
        return (MainWindow) stage.getScene().getRoot();
    }

    private LessonMode play(FxRobot robot, Path file, int step) throws Exception {
        robot.interact(() -> app.playLesson(file, step));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> app.lesson() != null);
        LessonMode mode = app.lesson();
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(mode, "the lesson plays");
        return mode;
    }

    /** {@code work}'s result, done on the JavaFX thread. */
    private static <T> T fx(java.util.concurrent.Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }

    private void key(FxRobot robot, KeyCode code) {
        robot.type(code);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @ParameterizedTest
    @MethodSource("lessons")
    void everyLessonRunsToItsEndWithPageDownAloneInPresentationMode(Path file, FxRobot robot) throws Exception {
        LessonMode mode = play(robot, file, 0);
        ResolvedLesson resolved = mode.resolved();
        key(robot, KeyCode.F5);
        assertTrue(window().presentation().isPresenting(), "F5 presents the lesson");
        int presses = 0;
        int steps = resolved.lesson().steps().size();
        for (int i = 0; i < steps; i++) {
            LessonPlayer player = mode.player();
            assertEquals(i, player.currentIndex(), file + ": PageDown " + presses + " times");
            LessonStep step = player.currentStep();
            String where = file.getFileName() + " step " + step.number();
            if (step.question().isPresent()) {
                Poll asked = window().presentation().layout().question().shown();
                assertNotNull(asked, where + ": the projector asks the question");
                assertEquals(-1, asked.answer(), where + ": the answer is not on screen before the reveal");
                assertEquals("", window().presentation().layout().question().explanationText(), where);
                assertEquals("", window().presentation().shownNarration(), where + ": the narration (which tells) waits");
                assertEquals(resolved.startOf(i), window().session().view().position(),
                        where + ": the question is asked where the step begins");
                key(robot, KeyCode.PAGE_DOWN);
                presses++;
                Poll revealed = window().presentation().layout().question().shown();
                assertEquals(step.question().get().answer(), revealed.answer(), where + ": the reveal shows the answer");
                assertFalse(window().presentation().layout().question().explanationText().isEmpty(), where);
            }
            assertTrue(window().presentation().isPresenting(), where + ": still presenting");
            assertEquals(step.narration().plain(), window().presentation().shownNarration(), where);
            assertEquals(resolved.position(i).event(), window().session().view().position(), where + ": at the step's point");
            assertEquals(resolved.setup(i), window().setup(), where + ": in the window of its setup");
            assertEquals(0, window().failures().count(), where + ": " + window().failures().text());
            assertMarked(window(), step, where);
            if (!step.compare().isEmpty()) {
                ComparisonWindow compared = app.comparison();
                assertNotNull(compared, where + ": the comparison is open");
                for (Highlight h : step.highlights()) {
                    if (h instanceof Highlight.ComparisonRow row) {
                        assertTrue(compared.highlightedColumns().size() >= 1, where + ": " + row);
                    }
                }
            }
            assertTrue(window().presentation().shownInstruction().length() > 0, where);
            key(robot, KeyCode.PAGE_DOWN);
            presses++;
        }
        assertEquals(steps - 1, mode.player().currentIndex(), "PageDown on the last step stays there");
        key(robot, KeyCode.ESCAPE);
        assertFalse(window().presentation().isPresenting(), "Esc leaves presentation mode; the windows: "
                + robot.listTargetWindows().stream().map(w -> w instanceof Stage st ? st.getTitle() + " focused=" + st.isFocused()
                + " root=" + st.getScene().getRoot().getClass().getSimpleName() : w.toString()).toList());
    }

    /** What a step marks is marked in the window's views. */
    private static void assertMarked(MainWindow w, LessonStep step, String where) {
        for (Highlight h : step.highlights()) {
            if (h instanceof Highlight.Ring r) {
                assertTrue(w.ringView().highlightedRings().contains(r.ring()), where + ": " + h);
            } else if (h instanceof Highlight.Crossing) {
                assertTrue(w.ringView().crossingHighlighted(), where + ": " + h);
            } else if (h instanceof Highlight.Register r) {
                assertTrue(w.registerPanel().highlighted().contains(r.register()), where + ": " + h);
            } else if (h instanceof Highlight.CodeLine) {
                assertFalse(w.codeView().highlightedRows().isEmpty(), where + ": " + h);
            } else if (h instanceof Highlight.VmcsField f) {
                assertTrue(w.vmmPanel().markedFields().contains(f.field()), where + ": " + h + " among "
                        + w.vmmPanel().markedFields());
            }
        }
    }

    @Test
    void aQuestionIsAnsweredWithTheNumberKeysAndRevealedByPageDown(FxRobot robot) throws Exception {
        Path file = Path.of("samples/lessons/04-trap-and-emulate.json");
        LessonMode mode = play(robot, file, 0);
        assertTrue(mode.player().question().isPresent(), "lesson 4 asks at step 1");
        assertTrue(mode.panel().question().isVisible());
        assertEquals("", mode.panel().narrationText(), "the narration waits for the answer");
        assertEquals("", mode.panel().question().explanationText());
        key(robot, KeyCode.DIGIT1);
        assertEquals(0, mode.panel().question().shown().voted(), "1 votes for A");
        key(robot, KeyCode.DIGIT2);
        assertEquals(1, mode.panel().question().shown().voted(), "the vote may change until the reveal");
        assertEquals(-1, mode.panel().question().shown().answer());
        key(robot, KeyCode.PAGE_DOWN);
        assertEquals(LessonPlayer.QuestionState.REVEALED, mode.player().questionState());
        assertTrue(mode.panel().question().hintText().startsWith("Right"), mode.panel().question().hintText());
        assertFalse(mode.panel().narrationText().isEmpty());
        assertEquals(mode.resolved().position(0).event(), window().session().view().position(), "and runs on to the point");
    }

    @Test
    void aStudentLeavesTheScriptAndComesBackToTheStepAsItWas(FxRobot robot) throws Exception {
        LessonMode mode = play(robot, Path.of("samples/lessons/01-rings-and-a-system-call.json"), 2);
        long at = window().session().view().position();
        assertFalse(mode.panel().offersReturn());
        key(robot, KeyCode.RIGHT); // a step of the machine: the student explores
        key(robot, KeyCode.RIGHT);
        assertTrue(mode.player().isOffScript());
        assertTrue(mode.panel().offersReturn());
        assertTrue(mode.panel().progressText().contains("left to explore"), mode.panel().progressText());
        robot.clickOn("#lesson-return");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(mode.player().isOffScript());
        assertEquals(at, window().session().view().position(), "the step exactly as it was");
        assertEquals(2, mode.player().currentIndex());
    }

    @Test
    void anotherTechniqueIsExploredBesideTheLessonAndPageDownComesBack(FxRobot robot) throws Exception {
        LessonMode mode = play(robot, Path.of("samples/lessons/01-rings-and-a-system-call.json"), 1);
        MainWindow stepWindow = window();
        long at = stepWindow.session().view().position();
        robot.interact(() -> mode.explore(stepWindow.setup().withTechnique(Technique.TRAP_EMULATE)));
        assertNotSame(stepWindow, window());
        assertEquals(Technique.TRAP_EMULATE, window().setup().technique());
        assertTrue(mode.panel().offersReturn(), "the lesson waits");
        key(robot, KeyCode.RIGHT);
        assertEquals(1, window().session().view().instructionsRetired(), "the explored run is a run of its own");
        key(robot, KeyCode.PAGE_DOWN);
        assertSame(stepWindow, window(), "back in the step's window");
        assertEquals(at, window().session().view().position());
        assertEquals(1, mode.player().currentIndex(), "at the same step");
    }

    @Test
    void aStepAddedHereIsSavedAndReadsBackToTheSameSteps(FxRobot robot, @TempDir Path dir) throws Exception {
        LessonMode mode = play(robot, Path.of("samples/lessons/01-rings-and-a-system-call.json"), 1);
        int before = mode.player().stepCount();
        for (int i = 0; i < 3; i++) {
            key(robot, KeyCode.RIGHT);
        }
        MainWindow w = window();
        long instructions = w.session().view().instructionsRetired();
        StepEditor e = fx(() -> new StepEditor(instructions, LessonMode.candidates(w.session().view(),
                w.codeView().program(), w.setup()), w.setup(), mode.resolved().lesson().setupOf(mode.player().currentStep())));
        robot.interact(() -> e.narrationField().setText("An **unclosed"));
        assertTrue(fx(() -> e.step().isEmpty()), "no title: no step");
        assertEquals("A step needs a title and a narration.", e.problemText());
        robot.interact(() -> e.titleField().setText("t"));
        assertTrue(fx(() -> e.step().isEmpty()), "unclosed markup: no step");
        assertTrue(e.problemText().contains("never closed"), e.problemText());
        robot.interact(() -> {
            e.titleField().setText("Three instructions on");
            e.narrationField().setText("The user program runs on in **ring 3**.");
            e.notesField().setText("Ask what the next system call will be.");
            e.picks().stream().filter(b -> b.getText().equals("ring 3")).findFirst().orElseThrow().setSelected(true);
        });
        LessonStep added = e.step().orElseThrow();
        robot.interact(() -> mode.insertStep(added));
        assertEquals("", mode.panel().problemText());
        assertEquals(before + 1, mode.player().stepCount());
        assertEquals(2, mode.player().currentIndex(), "the new step follows the one it was added after");
        assertEquals("Three instructions on", mode.player().currentStep().title());
        assertEquals(instructions - 1, mode.resolved().position(2).instruction());
        assertTrue(window().ringView().highlightedRings().contains(3));
        Path saved = dir.resolve("edited.json");
        assertTrue(fx(() -> mode.saveTo(saved)));
        ResolvedLesson reread = new LessonResolver().resolve(LessonReader.read(saved));
        assertEquals(mode.resolved().positions(), reread.positions(), "the saved file reloads to the same steps");
        assertEquals(mode.resolved().lesson().steps().stream().map(LessonStep::title).toList(),
                reread.lesson().steps().stream().map(LessonStep::title).toList());
        assertEquals(List.of("ring 3"), reread.lesson().steps().get(2).highlights().stream()
                .map(dev.ringscope.lesson.LessonWriter::text).toList());
    }

    @Test
    void aBadLessonSaysWhereAndLeavesTheWindowAsItWas(FxRobot robot, @TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": 1, \"title\": \"t\", \"program\": \"user/hello.asm\", \"steps\": [\n"
                + "  {\"title\": \"s\", \"narration\": \"n\", \"runTo\": {\"event\": \"vmexit\"}}]}");
        MainWindow before = window();
        robot.interact(() -> app.playLesson(bad, 0));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(dialog.getContentText().contains("bad.json:2:"), dialog.getContentText());
        assertTrue(dialog.getContentText().contains("steps[0].runTo.event"), dialog.getContentText());
        robot.interact(() -> ((Stage) dialog.getScene().getWindow()).close());
        assertSame(before, window());
        assertEquals(null, app.lesson());
    }
}
