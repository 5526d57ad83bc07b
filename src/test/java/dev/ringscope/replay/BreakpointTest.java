package dev.ringscope.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Playing on stops where a breakpoint or a "run to next" says, and nowhere else. */
class BreakpointTest {

    private final Trace trace = Runs.record("syscall");

    @Test
    void anAddressBreakpointStopsAtEachTimeThatInstructionRuns() {
        List<Event.InstructionRetired> instructions = instructions(trace);
        int eip = instructions.get(2000).eip();
        List<Long> hits = new ArrayList<>();
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).eip() == eip) {
                hits.add((long) i);
            }
        }
        assertTrue(hits.size() >= 2, "the instruction at the breakpoint runs more than once: " + hits);

        Playback p = Playback.live(Runs.boot("syscall"));
        p.addBreakpoint(Breakpoint.at(eip));
        for (long expected : hits) {
            Move m = p.advance(1_000_000);
            assertEquals(Move.Stop.BREAKPOINT, m.stop());
            assertEquals(Breakpoint.at(eip), m.breakpoint());
            assertEquals(eip, p.view().current().eip());
            assertEquals(expected, p.view().instructionIndex());
        }
        assertEquals(Move.Stop.END, p.advance(1_000_000).stop());
        assertTrue(p.view().ended());
    }

    @Test
    void aRingChangeBreakpointStopsAtTheEndOfEveryStepThatCrosses() {
        Playback p = Playback.recorded(trace, null);
        p.addBreakpoint(Breakpoint.onRingChange());
        long crossings = 0;
        while (p.advance(1_000_000).stop() == Move.Stop.BREAKPOINT) {
            crossings++;
            MachineView v = p.view();
            assertNotNull(v.step().first(Event.RingTransition.class), "stopped on a step that crossed");
            assertEquals(last(v.trail()).toRing(), v.ring());
            assertEquals(v.current().cpl(), v.ring());
        }
        assertEquals(trace.counts().of(EventKind.RING_TRANSITION), crossings);
    }

    @Test
    void anEventKindBreakpointStopsOnlyOnThatKind() {
        Playback p = Playback.recorded(trace, null);
        p.addBreakpoint(Breakpoint.on(EventKind.SYSTEM_CALL));
        Move m = p.advance(1_000_000);
        assertEquals(Move.Stop.BREAKPOINT, m.stop());
        MachineView v = p.view();
        assertEquals(1, v.count(EventKind.SYSTEM_CALL));
        assertEquals(2, v.step().first(Event.SystemCall.class).number(), "getpid (2) is the first call");
        assertEquals(m.instructions() - 1, v.instructionIndex());

        // a native run has no VM exits: a VM_EXIT breakpoint lets it play to the end
        p.removeBreakpoint(Breakpoint.on(EventKind.SYSTEM_CALL));
        p.addBreakpoint(Breakpoint.on(EventKind.VM_EXIT));
        assertEquals(Move.Stop.END, p.advance(10_000_000).stop());
        assertTrue(p.view().ended());
    }

    @Test
    void stepInstructionAndSeeksIgnoreBreakpoints() {
        Playback p = Playback.recorded(trace, null);
        p.addBreakpoint(Breakpoint.on(EventKind.INSTRUCTION_RETIRED));
        assertEquals(new Move(Move.Stop.COMPLETED, null, 1), p.stepInstruction());
        assertEquals(Move.Stop.COMPLETED, p.seekInstruction(500).stop());
        Move m = p.advance(100);
        assertEquals(Move.Stop.BREAKPOINT, m.stop());
        assertEquals(1, m.instructions());
        p.clearBreakpoints();
        assertEquals(new Move(Move.Stop.COMPLETED, null, 100), p.advance(100));
    }

    @Test
    void stepToNextStopsAtTheNextStepWithAnEventOfTheKindOrAtTheLimit() {
        Playback p = Playback.live(Runs.boot("syscall"));
        Move m = p.stepToNext(Set.of(EventKind.CONSOLE_OUTPUT), 1_000_000);
        assertEquals(Move.Stop.COMPLETED, m.stop());
        MachineView v = p.view();
        assertNotNull(v.step().first(Event.ConsoleOutput.class));
        assertEquals(1, v.count(EventKind.CONSOLE_OUTPUT));
        assertEquals(1, v.console().text().length());

        long at = p.position().instruction();
        Move limited = p.stepToNext(Set.of(EventKind.VM_ENTRY), 50);
        assertEquals(Move.Stop.LIMIT, limited.stop());
        assertEquals(50, limited.instructions());
        assertEquals(at + 50, p.position().instruction());

        long crossingsBefore = p.view().count(EventKind.RING_TRANSITION);
        assertEquals(Move.Stop.COMPLETED, p.stepToNextRingChange(1_000_000).stop());
        assertEquals(crossingsBefore + 1, p.view().count(EventKind.RING_TRANSITION));
    }

    private static List<Event.InstructionRetired> instructions(Trace trace) {
        List<Event.InstructionRetired> list = new ArrayList<>();
        for (Event e : trace) {
            if (e instanceof Event.InstructionRetired r) {
                list.add(r);
            }
        }
        return list;
    }

    private static Event.RingTransition last(List<Event.RingTransition> trail) {
        return trail.get(trail.size() - 1);
    }
}
