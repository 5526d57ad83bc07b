package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.trace.LoadedTrace;
import dev.ringscope.trace.Trace;
import dev.ringscope.trace.Traces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** File ▸ Save trace: the run on screen written as run --trace writes it, in either form, and opened again. */
@ExtendWith(ApplicationExtension.class)
class SaveTraceTest {

    private RingScopeApp app;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        java.util.prefs.Preferences.userRoot().node(RingScopeApp.SETTINGS_NODE).clear();
        this.stage = stage;
        app = new RingScopeApp();
        app.start(stage);
    }

    private MainWindow window() {
        return (MainWindow) stage.getScene().getRoot();
    }

    private static <T> Worker.State finished(Task<T> task) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, task::isDone);
        WaitForAsyncUtils.waitForFxEvents();
        return WaitForAsyncUtils.asyncFx(task::getState).get();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello.rstrace", "hello.jsonl"})
    void theWholeRunSavedHasTheEventsAndHeaderOfRunTrace(String name, FxRobot robot, @TempDir Path dir) throws Exception {
        Path cli = dir.resolve("cli.jsonl");
        assertEquals(0, dev.ringscope.cli.RingScopeCommand.execute(new String[] {"run", "samples/user/hello.asm",
                "--trace", cli.toString()}, new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter())));
        robot.interact(() -> window().session().playback().advance(10_000_000)); // to the end of the run
        assertTrue(window().session().playback().position().complete());
        Path saved = dir.resolve(name);
        Task<Path> task = WaitForAsyncUtils.asyncFx(() -> window().saveTrace(saved)).get();
        assertEquals(Worker.State.SUCCEEDED, finished(task));

        LoadedTrace expected = Traces.load(cli);
        LoadedTrace got = Traces.load(saved);
        assertTrue(got.clean(), got.problems().toString());
        assertEquals(expected.header().technique(), got.header().technique());
        assertEquals(expected.header().isa(), got.header().isa());
        assertEquals(expected.header().costPreset(), got.header().costPreset());
        assertEquals(expected.header().rings(), got.header().rings());
        assertEquals("hello.asm", got.header().program());
        Trace a = expected.trace();
        Trace b = got.trace();
        assertEquals(a.size(), b.size(), "as many events as run --trace writes");
        for (long i = 0; i < a.size(); i++) {
            assertTrue(same(a.get(i), b.get(i)), "event " + i + ": " + a.get(i) + " / " + b.get(i));
        }
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".part")), "no part file left");
        }
    }

    private static boolean same(dev.ringscope.trace.Event x, dev.ringscope.trace.Event y) {
        if (x instanceof dev.ringscope.trace.Event.InstructionRetired a
                && y instanceof dev.ringscope.trace.Event.InstructionRetired b) {
            return a.seq() == b.seq() && a.cycle() == b.cycle() && a.eip() == b.eip() && a.cpl() == b.cpl()
                    && java.util.Arrays.equals(a.bytes(), b.bytes());
        }
        return x.equals(y);
    }

    @Test
    void aSavedTraceOpensAgainAndACancelledSaveLeavesNoFile(FxRobot robot, @TempDir Path dir) throws Exception {
        robot.interact(() -> window().session().playback().advance(3_000));
        long events = window().session().playback().trace().size();
        Path saved = dir.resolve("part-way.rstrace");
        assertEquals(Worker.State.SUCCEEDED, finished(WaitForAsyncUtils.asyncFx(() -> window().saveTrace(saved)).get()));
        robot.interact(() -> app.open(saved));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, app.opening()::isDone);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(events, window().session().playback().trace().size(), "the events so far, opened again");
        assertFalse(window().session().playback().isLive(), "a recording now");

        Path cancelled = dir.resolve("cancelled.jsonl");
        Task<Path> task = WaitForAsyncUtils.asyncFx(() -> {
            Task<Path> t = window().saveTrace(cancelled);
            t.cancel(false);
            return t;
        }).get();
        assertEquals(Worker.State.CANCELLED, finished(task));
        // the writer notices at its next progress report (or its last, before the move), then removes its part file
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            try (var files = Files.list(dir)) {
                return files.noneMatch(f -> f.getFileName().toString().contains("cancelled"));
            }
        });
    }
}
