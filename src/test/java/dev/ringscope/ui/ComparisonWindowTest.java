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
import java.util.List;
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
        Path p = Path.of(sample);
        ComparisonWindow[] w = new ComparisonWindow[1];
        robot.interact(() -> {
            w[0] = new ComparisonWindow(p.getFileName().toString(), t -> GuestImages.of(p, t), panes, CostModel.P4_2006);
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

    @Test
    void theWindowStaysResponsiveWhileTheSummaryOfAnEndlessGuestIsWorkedOut(FxRobot robot) {
        ComparisonWindow w = open(robot, "samples/bench/workload.asm", ComparisonWindow.DEFAULT);
        assertFalse(w.summaryReady().isDone(), "the workload never ends: its summary runs 100 M instructions a technique");
        robot.interact(() -> w.align(dev.ringscope.replay.Lockstep.Mode.INSTRUCTIONS));
        robot.clickOn("#compare-step"); // answered at once, the summary still in the making
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, w.lockstep().views().get(0).instructionsRetired());
        robot.interact(w::dispose); // calls the summary off
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
    void aDivergenceStopsPlayingAndIsExplained(FxRobot robot) {
        ComparisonWindow w = open(robot, "samples/user/sleep.asm", List.of(
                new ComparisonWindow.PaneSpec(Technique.NATIVE, false), new ComparisonWindow.PaneSpec(Technique.TRAP_EMULATE, false)));
        robot.clickOn("#compare-play");
        for (int i = 0; i < 100 && !w.message().contains("departs"); i++) {
            WaitForAsyncUtils.sleep(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(w.message().startsWith("Trap and emulate departs from native"), w.message());
        assertTrue(w.message().contains("iretd"), w.message());
        assertEquals("Play", robot.lookup("#compare-play").queryButton().getText(), "paused at the divergence");
        long a = w.lockstep().views().get(0).instructionsRetired();
        WaitForAsyncUtils.sleep(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        assertEquals(a, w.lockstep().views().get(0).instructionsRetired(), "nothing moves after the pause");
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
        for (JsonNode run : runs) {
            String label = Technique.parse(run.get("technique").asText()).title();
            JsonNode categories = run.get("counters").get("cyclesByCategory");
            for (XYChart.Series<String, Number> s : w.categoriesChart().getData()) {
                XYChart.Data<String, Number> bar = s.getData().stream().filter(d -> d.getXValue().equals(label))
                        .findFirst().orElseThrow();
                assertEquals(categories.get(s.getName()).asLong(), bar.getYValue().longValue(), label + " " + s.getName());
            }
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
