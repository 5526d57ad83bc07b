package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.replay.Move;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.vmm.RunSetup;
import java.nio.file.Path;
import java.util.Set;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * An ELF program in the main window: no source, so the code view shows its disassembly under its
 * function names; the narration and the event log name the function an address is in
 * ({@code main+0x13}); a breakpoint can be set on a function's name.
 */
@ExtendWith(ApplicationExtension.class)
class ElfProgramTest {

    private MainWindow window;
    private Documents.Opened opened;

    @Start
    void start(Stage stage) throws Exception {
        opened = Documents.open(Path.of("samples/c/nullptr.elf"), RunSetup.defaults());
        window = new MainWindow(new Session(opened.playback()), opened.title(), opened.program(), new MainWindow.Actions() {
        }, RunSetup.defaults());
        Scene scene = new Scene(window, 1280, 800);
        window.installKeys(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void theCodeViewShowsTheDisassemblyUnderTheFunctionNames() {
        long main = opened.program().symbol("main");
        CodeLine label = window.codeView().lines().stream().filter(l -> l.isLabel() && l.text().equals("main:"))
                .findFirst().orElseThrow(() -> new AssertionError("no main: label"));
        assertEquals(main, Integer.toUnsignedLong(label.address()));
        CodeLine second = window.codeView().lines().stream()
                .filter(l -> !l.isLabel() && Integer.toUnsignedLong(l.address()) > main).findFirst().orElseThrow();
        assertEquals(String.format("main+0x%x", Integer.toUnsignedLong(second.address()) - main), second.location());
        assertTrue(second.bytes().length > 0, "the instruction's bytes, from the ELF's pages");
        assertTrue(window.codeView().lines().stream().anyMatch(l -> l.text().equals("printf:")), "every function");
    }

    @Test
    void aBreakpointOnAFunctionNameStopsThereAndTheViewsNameIt(FxRobot robot) {
        long main = opened.program().symbol("main");
        assertEquals(String.format("breakpoint at 0x%08X (main)", main), window.breakAt("main"));
        robot.interact(() -> {
            Move move = window.session().playback().advance(1_000_000);
            assertEquals(Move.Stop.BREAKPOINT, move.stop(), move.toString());
            window.session().moved();
        });
        assertEquals(main, Integer.toUnsignedLong(window.session().view().current().eip()));
        assertEquals("main:", window.codeView().lines().get(window.codeView().currentRowProperty().get() - 1).text());
        assertTrue(window.narrationView().sentence().contains(String.format("at 0x%08X (main) in ring 3", main)),
                window.narrationView().sentence());
        // the null-pointer write: the fault is named by the function it is in, in the narration and the log
        robot.interact(() -> {
            window.session().playback().stepToNext(Set.of(EventKind.EXCEPTION_RAISED), 1_000_000);
            window.session().moved();
        });
        assertTrue(window.narrationView().sentence().contains("(main+0x"), window.narrationView().sentence());
        var trace = window.session().playback().trace();
        long fault = -1;
        for (long i = 0; i < trace.size(); i++) {
            if (trace.get(i) instanceof Event.ExceptionRaised) {
                fault = i;
            }
        }
        String text = EventLogDescription.of(trace.get(fault), dev.ringscope.asm.Symbols.of(opened.program())::describe);
        assertTrue(text.startsWith("#PF 0x7 at 0x"), text);
        assertTrue(text.contains("(main+0x"), text);
        EventLogView log = window.eventLog();
        boolean shown = false;
        for (int row = 0; row < log.table().getItems().size(); row++) {
            shown |= log.description(row).equals(text);
        }
        assertTrue(shown, "the log's row for the fault: " + text);
    }

    @Test
    void aNameThatIsNoFunctionSaysSo() {
        String said = window.breakAt("sha256_final");
        assertEquals("no function or label 'sha256_final' in nullptr.elf", said);
        assertNotNull(window.breakAt("prin"));
        assertTrue(window.breakAt("prin").contains("did you mean printf"), window.breakAt("prin"));
        assertEquals(0, window.session().playback().breakpoints().size());
    }
}
