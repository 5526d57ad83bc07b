package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.replay.Playback;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.css.PseudoClass;
import javafx.scene.Scene;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The event log over a live run of samples/user/cli.asm, where a ring-3 cli is killed with #GP. */
@ExtendWith(ApplicationExtension.class)
class EventLogViewTest {

    private static final Set<EventKind> PER_INSTRUCTION =
            Set.of(EventKind.INSTRUCTION_RETIRED, EventKind.REGISTER_WRITE, EventKind.MEMORY_ACCESS);

    private Playback playback;
    private EventLogView log;
    private final List<Long> seeks = new ArrayList<>();

    static Playback cliRun() throws Exception {
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(MiniOs.build(Path.of("samples/user/cli.asm"), Map.of()).bytes());
        return Playback.live(m);
    }

    @Start
    void start(Stage stage) throws Exception {
        playback = cliRun();
        playback.advance(1_000_000);
        log = new EventLogView(playback.trace(), seeks::add);
        log.show(playback.view());
        Scene scene = new Scene(log, 1000, 600);
        scene.getStylesheets().addAll(Themes.stylesheets(false));
        stage.setScene(scene);
        stage.show();
    }

    private List<Integer> rowsWhere(String descriptionPart) {
        List<Integer> found = new ArrayList<>();
        for (int row = 0; row < log.table().getItems().size(); row++) {
            if (log.description(row).contains(descriptionPart)) {
                found.add(row);
            }
        }
        return found;
    }

    private long gpSeq() {
        Trace trace = playback.trace();
        for (long i = 0; i < trace.size(); i++) {
            if (trace.kindAt(i) == EventKind.EXCEPTION_RAISED) {
                return i;
            }
        }
        throw new AssertionError("the run raised no exception");
    }

    @Test
    void theLogListsTheGeneralProtectionFaultWithItsReason() {
        List<Integer> rows = rowsWhere("#GP 0x0");
        assertEquals(1, rows.size(), "one #GP row");
        int row = rows.get(0);
        assertEquals("#GP 0x0 at 0x001080C0: cli at CPL 3 with IOPL 0", log.description(row));
        assertEquals(gpSeq(), log.table().getItems().get(row));
        assertEquals(1, rowsWhere("ring 3 → 0  #GP").size(), "the crossing it caused");
        assertEquals(1, rowsWhere("out 0xF4 ← 0xFF").size(), "the exit port write");
    }

    @Test
    void theDefaultFilterHidesThePerInstructionEventsAndShowsTheRest() {
        Trace trace = playback.trace();
        long others = 0;
        for (var e : trace.counts().asMap().entrySet()) {
            others += PER_INSTRUCTION.contains(e.getKey()) ? 0 : e.getValue();
        }
        assertTrue(trace.counts().of(EventKind.INSTRUCTION_RETIRED) > 0, "the run retired instructions");
        assertEquals(others, log.table().getItems().size());
        for (long seq : log.table().getItems()) {
            assertFalse(PER_INSTRUCTION.contains(trace.kindAt(seq)), "row for event " + seq);
        }
    }

    @Test
    void checkingAKindAddsItsEvents(FxRobot robot) {
        int before = log.table().getItems().size();
        robot.interact(() -> log.kindFilter().getCheckModel().check(EventKind.INSTRUCTION_RETIRED));
        long instructions = playback.trace().counts().of(EventKind.INSTRUCTION_RETIRED);
        assertEquals(before + instructions, log.table().getItems().size());
        // the last instruction the task retired, just before its cli faulted
        assertEquals(1, rowsWhere("0x001080BF  popad  (CPL 3)").size(), "instructions are listed, disassembled");
    }

    @Test
    void everyKindCheckedListsEveryEventInOrderAndUncheckingOneNarrowsAgain(FxRobot robot) {
        robot.interact(() -> log.kindFilter().getCheckModel().checkAll());
        Trace trace = playback.trace();
        assertEquals(trace.size(), log.table().getItems().size(), "every event a row");
        for (int row = 0; row < trace.size(); row += 97) {
            assertEquals(row, log.table().getItems().get(row), "row " + row + " is event " + row);
        }
        robot.interact(() -> log.kindFilter().getCheckModel().clearCheck(EventKind.REGISTER_WRITE));
        long writes = trace.counts().of(EventKind.REGISTER_WRITE);
        assertEquals(trace.size() - writes, log.table().getItems().size());
        for (Long seq : log.table().getItems()) {
            assertFalse(trace.kindAt(seq) == EventKind.REGISTER_WRITE, "row for event " + seq);
        }
    }

    @Test
    void theSearchNarrowsToMatchingRows(FxRobot robot) {
        int before = log.table().getItems().size();
        robot.clickOn(log.searchField()).write("IOPL");
        WaitForAsyncUtils.waitForFxEvents();
        int after = log.table().getItems().size();
        assertTrue(after >= 1 && after < before, after + " rows of " + before);
        for (int row = 0; row < after; row++) {
            assertTrue(log.description(row).toLowerCase(Locale.ROOT).contains("iopl"), log.description(row));
        }
        assertEquals(1, rowsWhere("#GP 0x0").size(), "the fault's reason names IOPL");
    }

    @Test
    void clickingARowSeeksToItsEventAndTheRowIsMarkedOnceThere(FxRobot robot) {
        long gp = gpSeq();
        int row = rowsWhere("#GP 0x0").get(0);
        robot.interact(() -> log.table().scrollTo(row));
        TableRow<?> node = robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> Long.valueOf(gp).equals(r.getItem())).findFirst().orElseThrow();
        robot.clickOn(node);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(gp), seeks);

        robot.interact(() -> log.show(playback.viewAt(gp + 1)));
        assertTrue(node.getPseudoClassStates().contains(PseudoClass.getPseudoClass("current")),
                "the row of the event playback is at is marked");
        assertEquals(List.of(gp), seeks, "showing the view is no request to seek");

        robot.interact(() -> log.show(playback.viewAt(10))); // playback moved elsewhere (the timeline, say)
        assertTrue(log.table().getSelectionModel().isEmpty(), "the chosen row is let go");
        assertFalse(node.getPseudoClassStates().contains(PseudoClass.getPseudoClass("current")));
        robot.clickOn(node);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(gp, gp), seeks, "choosing the same row again seeks again");
    }

    @Test
    void aGrowingRunAddsOnlyNewRowsAndEndsLikeAFreshLog(FxRobot robot) throws Exception {
        Playback growing = cliRun();
        growing.advance(100);
        List<EventLogView> views = new ArrayList<>();
        robot.interact(() -> {
            EventLogView v = new EventLogView(growing.trace(), seq -> { });
            v.show(growing.view());
            views.add(v);
        });
        EventLogView grown = views.get(0);
        int early = grown.table().getItems().size();
        robot.interact(() -> {
            growing.advance(1_000_000);
            grown.show(growing.view());
        });
        assertTrue(grown.table().getItems().size() > early, "rows were added as the run went on");
        assertEquals(List.copyOf(log.table().getItems()), List.copyOf(grown.table().getItems()));
    }
}
