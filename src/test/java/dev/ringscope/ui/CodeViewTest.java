package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.asm.Program;
import dev.ringscope.isa.Disassembler;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.replay.Breakpoint;
import dev.ringscope.replay.CurrentInstruction;
import dev.ringscope.replay.Move;
import dev.ringscope.replay.Playback;
import dev.ringscope.trace.EventKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The code view on the hello sample under the mini OS, headless (Monocle), live from the machine. */
@ExtendWith(ApplicationExtension.class)
class CodeViewTest {

    private final StackPane root = new StackPane();
    private Program program;
    private Playback playback;
    private CodeView code;

    @Start
    void start(Stage stage) {
        Scene scene = new Scene(root, 1100, 600);
        scene.getStylesheets().setAll(Themes.stylesheets(false));
        stage.setScene(scene);
        stage.show();
    }

    @BeforeEach
    void boot() throws Exception {
        program = MiniOs.build(Path.of("samples/user/hello.asm"), Map.of());
        Machine machine = new Machine(MachineOptions.defaults());
        machine.boot(program.bytes());
        playback = Playback.live(machine);
    }

    private void mount(FxRobot robot, Program shown) {
        robot.interact(() -> {
            code = new CodeView(shown, playback);
            root.getChildren().setAll(code);
            code.show(playback.view());
        });
    }

    /** Runs {@code move} on the FX thread, then shows the playback's view. */
    private void move(FxRobot robot, Runnable move) {
        robot.interact(() -> {
            move.run();
            code.show(playback.view());
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The cells on screen (the list makes cells only for the visible rows). */
    private List<CodeCell> cells(FxRobot robot) {
        return robot.lookup(".code-line").queryAllAs(CodeCell.class).stream()
                .filter(c -> !c.isEmpty() && c.getItem() != null && c.isVisible()).toList();
    }

    private CodeCell cellShowing(FxRobot robot, CodeLine line) {
        return cells(robot).stream().filter(c -> c.getItem() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no cell on screen shows " + line.text()));
    }

    private CodeCell currentCell(FxRobot robot) {
        List<CodeCell> current = cells(robot).stream().filter(c -> c.getStyleClass().contains("current")).toList();
        assertEquals(1, current.size(), "exactly one row on screen is marked current");
        return current.get(0);
    }

    private int eip() {
        return playback.view().current().eip();
    }

    @Test
    void theCurrentLineIsTheSystemCallTheUserMacroExpandsTo(FxRobot robot) {
        mount(robot, program);
        move(robot, () -> playback.stepToNext(Set.of(EventKind.SYSTEM_CALL), 1_000_000));
        CurrentInstruction current = playback.view().current();
        assertEquals("int 0x80", Disassembler.disassemble(current.bytes(), Integer.toUnsignedLong(current.eip())).get(0).text(),
                "the run stopped on the system call");
        CodeLine line = code.currentLine();
        assertNotNull(line, "the system call has a source line");
        assertEquals(current.eip(), line.address());
        assertTrue(line.text().startsWith("int "), line.text());
        assertTrue(line.location().startsWith("hello.asm:18 › lib.inc:"), line.location()); // PRINTLN → SYSCALL
        assertEquals("CD 80", line.bytesText());
        assertEquals(line, currentCell(robot).getItem(), "the current line is marked and scrolled into view");

        // The kernel returns with iret; the next user instruction is the macro's popad.
        move(robot, () -> playback.stepToNext(Set.of(EventKind.RING_TRANSITION), 1_000_000));
        move(robot, playback::stepInstruction);
        assertEquals("popad", code.currentLine().text());
        assertEquals(eip(), code.currentLine().address());
        assertEquals(code.currentLine(), currentCell(robot).getItem());
    }

    @Test
    void theCurrentLineFollowsIntoTheKernelAndStaysInView(FxRobot robot) {
        mount(robot, program);
        move(robot, () -> playback.stepToNext(Set.of(EventKind.SYSTEM_CALL), 1_000_000));
        CodeLine user = code.currentLine();
        move(robot, playback::stepInstruction); // the first instruction of the kernel's handler
        CodeLine kernel = code.currentLine();
        assertNotNull(kernel);
        assertEquals(eip(), kernel.address());
        assertFalse(kernel.location().contains("hello.asm"), kernel.location());
        assertTrue(Math.abs(code.lines().indexOf(kernel) - code.lines().indexOf(user)) > 100,
                "the handler is far from the user code");
        assertEquals(kernel, currentCell(robot).getItem(), "scrolled to the handler");
    }

    @Test
    void aClickInTheGutterSetsABreakpointTheRunStopsAt(FxRobot robot) {
        mount(robot, program);
        int row = IntStream.range(0, code.lines().size())
                .filter(i -> code.lines().get(i).location().startsWith("hello.asm:19")
                        && code.lines().get(i).text().startsWith("int "))
                .findFirst().orElseThrow(); // EXIT 0's system call
        CodeLine exit = code.lines().get(row);
        robot.interact(() -> code.reveal(row));
        WaitForAsyncUtils.waitForFxEvents();
        CodeCell cell = cellShowing(robot, exit);
        assertFalse(cell.getStyleClass().contains("breakpoint"));

        robot.clickOn(cell.gutter());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Set.of(Breakpoint.at(exit.address())), playback.breakpoints());
        assertTrue(cellShowing(robot, exit).getStyleClass().contains("breakpoint"), "the row shows its dot");

        Move[] stopped = new Move[1];
        move(robot, () -> stopped[0] = playback.advance(10_000_000));
        assertEquals(Move.Stop.BREAKPOINT, stopped[0].stop());
        assertEquals(exit.address(), eip());
        assertEquals(exit, code.currentLine());
        assertEquals(exit, currentCell(robot).getItem());

        robot.clickOn(cellShowing(robot, exit).gutter());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(playback.breakpoints().isEmpty(), "a second click removes it");
        assertFalse(cellShowing(robot, exit).getStyleClass().contains("breakpoint"));
    }

    @Test
    void withoutAProgramTheInstructionsRunAreDisassembled(FxRobot robot) {
        mount(robot, null);
        assertTrue(code.lines().isEmpty());
        Set<Integer> seen = new TreeSet<>(Integer::compareUnsigned);
        for (int i = 0; i < 40; i++) {
            move(robot, playback::stepInstruction);
            seen.add(eip());
            CurrentInstruction current = playback.view().current();
            CodeLine line = code.currentLine();
            assertEquals(current.eip(), line.address());
            assertEquals(Disassembler.disassemble(current.bytes(), Integer.toUnsignedLong(current.eip())).get(0).text(), line.text());
        }
        assertEquals(List.copyOf(seen), code.lines().stream().map(CodeLine::address).toList(),
                "one row per address run, in address order");
        // The disassembly agrees with the source it was assembled from.
        for (CodeLine line : code.lines()) {
            String source = program.lineAt(line.address()).text().strip();
            assertEquals(mnemonic(source), mnemonic(line.text()), source + " vs " + line.text());
        }
        assertEquals(code.currentLine(), currentCell(robot).getItem());

        int before = code.lines().size();
        move(robot, playback::stepBack);
        assertEquals(before, code.lines().size(), "stepping back forgets nothing");
        assertEquals(eip(), code.currentLine().address());
    }

    private static String mnemonic(String text) {
        String[] words = text.split("\\s+");
        return (words[0].endsWith(":") ? words[1] : words[0]).toLowerCase(java.util.Locale.ROOT); // past a label
    }

    @Test
    void onlyTheVisibleRowsHaveCells(FxRobot robot) {
        mount(robot, program);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(code.lines().size() > 1000, "the mini OS has " + code.lines().size() + " lines");
        int cells = robot.lookup(".code-line").queryAll().size();
        assertTrue(cells > 5 && cells < 100, cells + " cells");
        assertTrue(code.lines().stream().anyMatch(l -> l.text().equals("user_main:")), "labels are shown");
        assertFalse(code.lines().stream().anyMatch(l -> l.text().equals("SYS_WRITE:")), "constants are not");
    }
}
