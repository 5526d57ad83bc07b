package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringscope.cli.RingScopeCommand;
import dev.ringscope.replay.MachineView;
import dev.ringscope.testing.GuestImages;
import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.Technique;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.chart.XYChart;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ComparisonWindowTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private ComparisonWindow open(FxRobot robot, String sample, List<ComparisonWindow.PaneSpec> panes) {
        return open(robot, sample, panes, ComparisonWindow.OWN_THREAD);
    }

    private ComparisonWindow open(FxRobot robot, String sample, List<ComparisonWindow.PaneSpec> panes, Executor summaries) {
        Path p = Path.of(sample);
        ComparisonWindow[] w = new ComparisonWindow[1];
        robot.interact(() -> {
            w[0] = new ComparisonWindow(p.getFileName().toString(), t -> GuestImages.of(p, t), panes, CostModel.P4_2006,
                    summaries);
            stage.setScene(new Scene(w[0], 1280, 800));
            stage.show();
        });
        return w[0];
    }

    /** The summary is worked out off the JavaFX thread: wait for it (and the charts it fills). */
    private static void summarized(ComparisonWindow w) throws Exception {
        w.summaryReady().get(120, java.util.concurrent.TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A value read on the JavaFX thread, where the window's state lives. */
    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    /** Lets {@code n} JavaFX pulses go by: a playing window's timer would have moved on each of them. */
    private static void pulses(FxRobot robot, int n) throws InterruptedException {
        CountDownLatch left = new CountDownLatch(n);
        AnimationTimer counter = new AnimationTimer() {
            @Override
            public void handle(long now) {
                left.countDown();
                if (left.getCount() == 0) {
                    stop();
                }
            }
        };
        robot.interact(counter::start);
        assertTrue(left.await(60, TimeUnit.SECONDS), "the JavaFX pulse stopped"); // a hang guard, not a timing
    }

    @Test
    void theWindowAnswersWhileTheSummaryOfAnEndlessGuestIsStillToBeWorkedOut(FxRobot robot) {
        List<Runnable> held = new ArrayList<>(); // the summary waits here until the test lets it run
        ComparisonWindow w = open(robot, "samples/bench/workload.asm", ComparisonWindow.DEFAULT, held::add);
        assertEquals(1, held.size(), "the summary is handed off the JavaFX thread, not worked out on it");
        assertFalse(w.summaryReady().isDone());
        robot.interact(() -> w.align(dev.ringscope.replay.Lockstep.Mode.INSTRUCTIONS));
        // answered at once, the summary still to come (fired, not clicked: a click's mouse move can land before
        // a loaded machine has laid the new window out, and this test is about the JavaFX thread being free)
        robot.interact(() -> robot.lookup("#compare-step").queryButton().fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, w.lockstep().views().get(0).instructionsRetired());
        robot.interact(w::dispose); // calls the summary off
        held.get(0).run(); // what the summary thread would do now: see it was called off, and stop at once
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(w.summaryReady().isDone(), "a summary called off never completes");
        assertTrue(w.summary().isEmpty());
    }

    @Test
    void stepMovesEveryPaneToTheSameGuestInstruction(FxRobot robot) {
        ComparisonWindow w = open(robot, "samples/user/preempt.asm", ComparisonWindow.DEFAULT);
        robot.interact(() -> w.align(dev.ringscope.replay.Lockstep.Mode.INSTRUCTIONS));
        for (int i = 0; i < 7; i++) {
            robot.clickOn("#compare-step");
        }
        WaitForAsyncUtils.waitForFxEvents();
        List<MachineView> views = w.lockstep().views();
        assertEquals(4, views.size());
        for (MachineView v : views) {
            assertEquals(7, v.instructionsRetired());
        }
        robot.interact(() -> {
            for (int i = 0; i < 30; i++) {
                w.frame(); // what the timer does while playing
            }
        });
        long at = w.lockstep().views().get(0).instructionsRetired();
        assertTrue(at > 7);
        for (MachineView v : w.lockstep().views()) {
            assertEquals(at, v.instructionsRetired(), "still in lockstep while playing");
        }
    }

    @Test
    void byDefaultAStepIsTheNextSystemCallTheSameUserInstructionInEveryPaneParavirtualToo(FxRobot robot) {
        ComparisonWindow w = open(robot, "samples/user/syscall.asm", List.of(
                new ComparisonWindow.PaneSpec(Technique.NATIVE, false), new ComparisonWindow.PaneSpec(Technique.PARAVIRTUAL, false),
                new ComparisonWindow.PaneSpec(Technique.BINARY_TRANSLATION, false),
                new ComparisonWindow.PaneSpec(Technique.HARDWARE_ASSISTED, false)));
        for (int k = 1; k <= 3; k++) {
            robot.clickOn("#compare-step");
            WaitForAsyncUtils.waitForFxEvents();
            List<MachineView> views = w.lockstep().views();
            int eip = views.get(0).current().eip();
            for (int pane = 0; pane < views.size(); pane++) {
                MachineView v = views.get(pane);
                assertEquals(k, v.count(dev.ringscope.trace.EventKind.SYSTEM_CALL), "pane " + pane + " at system call " + k);
                assertEquals(eip, v.current().eip(), "pane " + pane + " shows the same user instruction");
                String text = w.milestoneText(pane);
                assertTrue(text.startsWith("at system call " + k + ": "), text);
            }
        }
        // the paravirtual kernel is another build: it got there in another number of instructions
        List<MachineView> views = w.lockstep().views();
        assertTrue(views.get(1).instructionsRetired() != views.get(0).instructionsRetired(),
                "native " + views.get(0).instructionsRetired() + ", paravirtual " + views.get(1).instructionsRetired());
        robot.interact(w::dispose);
    }

    @Test
    void aDivergenceStopsPlayingAndIsExplained(FxRobot robot) throws Exception {
        ComparisonWindow w = open(robot, "samples/user/sleep.asm", List.of(
                new ComparisonWindow.PaneSpec(Technique.NATIVE, false), new ComparisonWindow.PaneSpec(Technique.TRAP_EMULATE, false)));
        robot.clickOn("#compare-play");
        // playing runs frame by frame until the divergence; the bound is only a hang guard
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> onFx(() -> w.message().contains("departs")));
        String message = onFx(w::message);
        assertTrue(message.startsWith("Trap and emulate departs from native"), message);
        assertTrue(message.contains("iretd"), message);
        assertEquals("Play", onFx(() -> robot.lookup("#compare-play").queryButton().getText()), "paused at the divergence");
        List<Long> at = onFx(() -> w.lockstep().views().stream().map(MachineView::instructionsRetired).toList());
        assertTrue(at.get(0) > 0, "it played before it stopped: " + at);
        pulses(robot, 10);
        assertEquals(at, onFx(() -> w.lockstep().views().stream().map(MachineView::instructionsRetired).toList()),
                "nothing moves after the pause");
    }

    @Test
    void theChartShowsTheNumbersTheCompareCommandPrints(FxRobot robot) throws Exception {
        ComparisonWindow w = open(robot, "samples/user/syscall.asm", ComparisonWindow.DEFAULT);
        summarized(w);
        StringWriter out = new StringWriter();
        int code = RingScopeCommand.execute(new String[] {"compare", "samples/user/syscall.asm", "--techniques",
                "native,binary-translation,hardware-assisted", "--cost", "2006", "--json"},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, code);
        JsonNode runs = new ObjectMapper().readTree(out.toString()).get("runs");
        assertEquals(3, runs.size());
        List<XYChart.Series<String, Number>> chart = onFx(() -> List.copyOf(w.categoriesChart().getData()));
        Set<String> shown = chart.stream().map(XYChart.Series::getName).collect(Collectors.toSet());
        for (JsonNode run : runs) {
            String label = Technique.parse(run.get("technique").asText()).title();
            JsonNode categories = run.get("counters").get("cyclesByCategory");
            Set<String> printed = new HashSet<>();
            categories.fieldNames().forEachRemaining(printed::add);
            assertFalse(printed.isEmpty(), label);
            assertEquals(printed, shown, "one series per category the command prints");
            long total = 0;
            for (XYChart.Series<String, Number> s : chart) {
                XYChart.Data<String, Number> bar = s.getData().stream().filter(d -> d.getXValue().equals(label))
                        .findFirst().orElseThrow(() -> new AssertionError("no bar for " + label + " in " + s.getName()));
                assertEquals(categories.get(s.getName()).asLong(), bar.getYValue().longValue(), label + " " + s.getName());
                total += bar.getYValue().longValue();
            }
            assertTrue(total > 0, label + " spent cycles somewhere");
        }
    }

    @Test
    void clickingABarTakesItsPaneToTheNextEventOfThatKind(FxRobot robot) {
        ComparisonWindow w = open(robot, "samples/user/hello.asm", ComparisonWindow.DEFAULT);
        robot.interact(() -> w.jump("Hardware assist (VT-x)", "VMM"));
        MachineView hw = w.lockstep().views().get(3);
        assertTrue(hw.counts().getOrDefault(dev.ringscope.trace.EventKind.VM_EXIT, 0L)
                + hw.counts().getOrDefault(dev.ringscope.trace.EventKind.EMULATED_INSTRUCTION, 0L) >= 1, "at its first VMM event");
        assertEquals(0, w.lockstep().views().get(0).instructionsRetired(), "the other panes stay where they were");
        assertTrue(w.message().contains("moved to its next VMM event"), w.message());
    }

    @Test
    void theSummaryExportsAsCsv(FxRobot robot, @TempDir Path dir) throws Exception {
        ComparisonWindow w = open(robot, "samples/user/hello.asm", ComparisonWindow.DEFAULT);
        summarized(w);
        Path csv = dir.resolve("summary.csv");
        w.exportCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(5, lines.size());
        assertTrue(lines.get(0).startsWith("technique,isa,cycles,overhead"));
        assertTrue(lines.get(2).startsWith("trap-emulate,strict,"), lines.get(2));
        assertEquals(String.valueOf(w.summary().get(3).cycles()), lines.get(4).split(",")[2]);
        Path png = dir.resolve("charts.png");
        robot.interact(() -> {
            try {
                w.exportCharts(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(Files.size(png) > 1000);
        assertFalse(w.summary().isEmpty());
    }
}
