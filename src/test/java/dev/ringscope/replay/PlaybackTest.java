package dev.ringscope.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.machine.Machine;
import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.LoadedTrace;
import dev.ringscope.trace.Party;
import dev.ringscope.trace.StopReason;
import dev.ringscope.trace.Trace;
import dev.ringscope.trace.TraceHeader;
import dev.ringscope.trace.TraceReader;
import dev.ringscope.trace.TraceWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Moving the cursor over live and recorded runs of the sample guests. */
class PlaybackTest {

    @Test
    void steppingThroughASystemCallGoesFromRing3To0AndBack() {
        Playback p = Playback.live(Runs.boot("hello"));
        // the kernel starts the user task with iretd
        assertEquals(Move.Stop.COMPLETED, p.stepToNextRingChange(100_000).stop());
        MachineView v = p.view();
        assertEquals(3, v.ring());
        assertEquals("iretd", last(v.trail()).label());

        while (p.view().ring() == 3) {
            assertEquals(Move.Stop.COMPLETED, p.stepInstruction().stop());
        }
        v = p.view();
        assertEquals(0, v.ring());
        Event.RingTransition in = last(v.trail());
        assertEquals("int 0x80", in.label());
        assertEquals(Cause.SYSTEM_CALL, in.cause());
        assertEquals(0x80, in.vector());
        assertEquals(Party.GUEST_USER, in.from());
        assertEquals(Party.GUEST_KERNEL, in.to());
        assertArrayEquals(new byte[] {(byte) 0xCD, (byte) 0x80}, v.current().bytes());
        int intEip = v.current().eip();

        while (p.view().ring() == 0) {
            assertEquals(Move.Stop.COMPLETED, p.stepInstruction().stop());
        }
        v = p.view();
        assertEquals(3, v.ring());
        assertArrayEquals(new byte[] {(byte) 0xCF}, v.current().bytes(), "iretd brought us back");
        Event.RingTransition out = last(v.trail());
        assertEquals(Cause.RETURN, out.cause());
        assertEquals(Party.GUEST_KERNEL, out.from());
        assertEquals(Party.GUEST_USER, out.to());
        List<String> labels = v.trail().stream().map(Event.RingTransition::label).toList();
        assertEquals(List.of("int 0x80", "iretd"), labels.subList(labels.size() - 2, labels.size()));

        p.stepInstruction();
        assertEquals(intEip + 2, p.view().current().eip(), "the user instruction after int 0x80");
    }

    @Test
    void aFaultInRing3IsACrossingToo() {
        Playback p = Playback.live(Runs.boot("cli"));
        p.addBreakpoint(Breakpoint.on(EventKind.EXCEPTION_RAISED));
        Move m = p.advance(1_000_000);
        assertEquals(Move.Stop.BREAKPOINT, m.stop());
        Event.RingTransition t = last(p.view().trail());
        assertEquals("#GP", t.label());
        assertEquals(Cause.EXCEPTION, t.cause());
        assertEquals(3, t.fromRing());
        assertEquals(0, p.view().ring());
        Event.ExceptionRaised e = p.view().step().first(Event.ExceptionRaised.class);
        assertEquals(13, e.vector());
    }

    @ParameterizedTest
    @ValueSource(ints = {4096, 97})
    void stepBackThenForwardGivesTheSameViews(int checkpointInterval) {
        Playback p = Playback.live(Runs.boot("preempt"), null, new Playback.Settings(checkpointInterval, 10_000, 64));
        assertEquals(Move.Stop.COMPLETED, p.advance(3000).stop());
        List<MachineView> forward = new ArrayList<>();
        forward.add(p.view());
        for (int i = 0; i < 400; i++) {
            assertEquals(1, p.stepInstruction().instructions());
            forward.add(p.view());
        }
        for (int i = forward.size() - 2; i >= 0; i--) {
            Move back = p.stepBack();
            assertEquals(-1, back.instructions());
            assertEquals(forward.get(i), p.view(), "back to step " + i);
        }
        for (int i = 1; i < forward.size(); i++) {
            p.stepInstruction();
            assertEquals(forward.get(i), p.view(), "forward to step " + i);
        }
        assertNotEquals(forward.get(0), forward.get(1));
    }

    @Test
    void indexingARecordedRunMakesEveryCheckpointReportsProgressAndStopsWhenAsked() {
        Playback live = Playback.live(Runs.boot("hello"));
        live.advance(1_000_000);
        Trace trace = live.trace();
        Playback.Settings settings = new Playback.Settings(64, 10_000, 64);
        Playback stopped = Playback.recorded(trace, null, settings);
        List<Long> heard = new ArrayList<>();
        assertFalse(stopped.index((done, of) -> {
            heard.add(done);
            return false;
        }), "told to stop");
        assertEquals(List.of(0L), heard, "it stopped at the first report");

        Playback indexed = Playback.recorded(trace, null, settings);
        List<long[]> reports = new ArrayList<>();
        assertTrue(indexed.index((done, of) -> reports.add(new long[] {done, of})));
        long[] last = reports.get(reports.size() - 1);
        assertArrayEquals(new long[] {trace.size(), trace.size()}, last, "the last report is the whole run");
        assertEquals(trace.size() / 64 + 1, indexed.checkpointCount(), "a checkpoint every 64 events, to the end");
        // and the views are those of a playback that was never indexed
        Playback plain = Playback.recorded(trace, null, settings);
        for (long at = trace.size() - 1; at >= 0; at -= 997) {
            indexed.seekEvent(at);
            plain.seekEvent(at);
            assertEquals(plain.view(), indexed.view(), "at event " + at);
        }
    }

    @Test
    void aRecordedTraceGivesTheSameViewsAsTheLiveRun(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hello.jsonl");
        Machine recorded = Runs.boot("hello");
        try (TraceWriter w = new TraceWriter(java.nio.file.Files.newOutputStream(file),
                TraceHeader.of("hello.asm", "native", "x86", "flat", dev.ringscope.trace.RingOccupancy.NATIVE, Map.of()))) {
            recorded.setEventSink(w);
            recorded.run(1_000_000);
        }
        LoadedTrace loaded = TraceReader.load(file);
        assertTrue(loaded.clean(), loaded.problems().toString());

        Playback fromFile = Playback.recorded(loaded);
        Playback live = Playback.live(Runs.boot("hello"));
        int steps = 0;
        while (true) {
            Move a = live.stepInstruction();
            Move b = fromFile.stepInstruction();
            assertEquals(a, b);
            assertEquals(live.view(), fromFile.view(), "after step " + steps);
            steps++;
            if (a.stop() == Move.Stop.END) {
                break;
            }
        }
        assertTrue(steps > 4000, "steps: " + steps);
        assertTrue(live.view().ended());
        assertEquals(live.position(), fromFile.position());
        assertEquals("hello.asm", fromFile.header().orElseThrow().program());
    }

    @Test
    void stepOverIntX80LandsOnTheNextUserInstruction() {
        Trace trace = Runs.record("hello");
        long intEvent = ViewBuilderTest.firstInstruction(trace, 0xCD, 0x80);
        long intIndex = instructionsBefore(trace, intEvent);
        for (Playback p : List.of(Playback.recorded(trace, null), Playback.live(Runs.boot("hello")))) {
            // a live run has no events yet: seeking by instruction runs it there
            assertEquals(Move.Stop.COMPLETED, p.seekInstruction(intIndex - 1).stop());
            long before = p.view().instructionIndex();
            int intEip = ((Event.InstructionRetired) trace.get(intEvent)).eip();

            Move m = p.stepOver(100_000);
            assertEquals(Move.Stop.COMPLETED, m.stop());
            MachineView v = p.view();
            assertEquals(intEip + 2, v.current().eip());
            assertEquals(3, v.current().cpl());
            assertEquals(3, v.ring());
            assertTrue(m.instructions() > 10, "the kernel ran: " + m.instructions());
            assertEquals(before + m.instructions(), v.instructionIndex());
            List<String> labels = v.trail().stream().map(Event.RingTransition::label).toList();
            assertEquals(List.of("int 0x80", "iretd"), labels.subList(labels.size() - 2, labels.size()));
        }
    }

    @Test
    void stepOverACallComesBackToTheInstructionAfterIt() {
        Trace trace = Runs.record("syscall");
        Playback p = Playback.recorded(trace, null);
        // the first near call made in ring 3 (PRINT_DEC calls lib_print_dec)
        long callEvent = -1;
        for (long i = 0; i < trace.size(); i++) {
            if (trace.get(i) instanceof Event.InstructionRetired r && r.cpl() == 3 && (r.bytes()[0] & 0xFF) == 0xE8) {
                callEvent = i;
                break;
            }
        }
        assertTrue(callEvent > 0);
        Event.InstructionRetired call = (Event.InstructionRetired) trace.get(callEvent);
        p.seekEvent(callEvent);
        p.stepBack();
        long index = p.view().instructionIndex();

        Move m = p.stepOver(100_000);
        assertEquals(Move.Stop.COMPLETED, m.stop());
        assertEquals(call.eip() + 5, p.view().current().eip());
        assertTrue(m.instructions() > 20, "lib_print_dec ran, with a system call: " + m.instructions());

        // an instruction that is no call: step over is one step
        p.seekInstruction(index - 1);
        Move one = p.stepOver(100_000);
        assertEquals(1, one.instructions());
        assertEquals(index, p.view().instructionIndex());
    }

    @Test
    void stepOverARecursiveCallWaitsForTheReturnAtTheCallersStackLevel() {
        byte[] image = Runs.assemble(String.join("\n", "bits 32", "org 0x100000",
                "        mov esp, 0x200000",
                "        mov ecx, 3",
                "        call f",          // instruction 2
                "        hlt",
                "f:      dec ecx",
                "        jz .done",
                "        call f",          // returns to .done, like every deeper call
                ".done:  ret"));
        Playback p = Playback.live(() -> Runs.bootImage(image));
        p.seekInstruction(4); // the jz of the outermost f
        Move m = p.stepOver(1000);
        // the deeper rets at .done come first; only the one at this call's stack level ends the step over
        assertEquals(new Move(Move.Stop.COMPLETED, null, 9), m);
        assertArrayEquals(new byte[] {(byte) 0xC3}, p.view().current().bytes());
        p.stepInstruction();
        assertArrayEquals(new byte[] {(byte) 0xF4}, p.view().current().bytes(), "the outermost ret went back to main");

        p.seekInstruction(1);
        assertEquals(new Move(Move.Stop.COMPLETED, null, 13), p.stepOver(1000));
        assertArrayEquals(new byte[] {(byte) 0xF4}, p.view().current().bytes());
    }

    @Test
    void stepOverIsBoundedWhenTheCallNeverReturns() {
        byte[] image = Runs.assemble("bits 32\norg 0x100000\ncall f\nhlt\nf: jmp f");
        Playback p = Playback.live(Runs.bootImage(image));
        Move m = p.stepOver(1000);
        assertEquals(Move.Stop.LIMIT, m.stop());
        assertEquals(1000, m.instructions());
    }

    @Test
    void advanceOnAGuestThatSpinsForeverReturnsWithinItsBudget() {
        Playback p = Playback.live(Runs.bootImage(Runs.spin()));
        Move m = p.advance(10_000);
        assertEquals(Move.Stop.COMPLETED, m.stop());
        assertEquals(10_000, m.instructions());
        assertEquals(9_999, p.position().instruction());
        assertFalse(p.position().complete());
        assertEquals(Move.Stop.LIMIT, p.stepToNextRingChange(5_000).stop());
        assertEquals(15_000, p.position().instructionsKnown());
        p.addBreakpoint(Breakpoint.on(EventKind.VM_EXIT));
        assertEquals(Move.Stop.COMPLETED, p.advance(1_000).stop());
    }

    @Test
    void aGuestThatHaltsForGoodEndsTheRun() {
        Playback p = Playback.live(Runs.bootImage(Runs.assemble("bits 32\norg 0x100000\ncli\nhlt")));
        Move m = p.advance(1_000);
        assertEquals(Move.Stop.END, m.stop());
        assertEquals(2, m.instructions());
        assertTrue(p.view().ended());
        assertEquals(StopReason.HALTED, p.view().runEnded().reason());
        assertTrue(p.position().atEnd());
        assertEquals(new Move(Move.Stop.END, null, 0), p.stepInstruction());
    }

    @Test
    void seekingHomeEndAndByInstruction() {
        Playback p = Playback.live(Runs.boot("hello"));
        assertEquals(Move.Stop.AT_START, p.stepBack().stop());
        assertEquals(Move.Stop.COMPLETED, p.seekInstruction(3000).stop());
        assertEquals(3000, p.view().instructionIndex());
        assertEquals(3000, p.view().current().index());
        MachineView at3000 = p.view();

        p.seekInstruction(10);
        assertEquals(10, p.view().instructionIndex());
        p.seekInstruction(3000);
        assertEquals(at3000, p.view());

        assertEquals(Move.Stop.END, p.seekInstruction(1_000_000).stop());
        assertTrue(p.view().ended());
        long total = p.position().instructionsKnown();
        p.home();
        assertEquals(0, p.view().position());
        assertNull(p.view().current());
        assertEquals(Move.Stop.END, p.end().stop());
        assertEquals(p.trace().size(), p.view().position());

        // from the end, one step back shows the last instruction, before RunEnded
        p.stepBack();
        assertEquals(total - 1, p.view().instructionIndex());
        assertFalse(p.view().ended());
        assertEquals(Move.Stop.END, p.stepInstruction().stop());
        assertTrue(p.view().ended());
    }

    @Test
    void seekingToAnEventInTheMiddleOfAStepThenSteppingFinishesThatStep() {
        Trace trace = Runs.record("hello");
        Playback p = Playback.recorded(trace, null);
        long intEvent = ViewBuilderTest.firstInstruction(trace, 0xCD, 0x80);
        p.seekEvent(intEvent - 3); // among the memory accesses of int 0x80
        long index = p.view().instructionIndex();
        p.stepInstruction();
        assertEquals(index + 1, p.view().instructionIndex());
        assertArrayEquals(new byte[] {(byte) 0xCD, (byte) 0x80}, p.view().current().bytes());
        p.seekEvent(intEvent - 3);
        p.stepBack();
        assertEquals(index, p.view().instructionIndex());
        EventKind lastKind = trace.kindAt(p.view().position() - 1);
        assertTrue(lastKind == EventKind.REGISTER_WRITE || lastKind == EventKind.INSTRUCTION_RETIRED, "at a boundary");
    }

    static long instructionsBefore(Trace trace, long event) {
        long n = 0;
        for (long i = 0; i < event; i++) {
            if (trace.kindAt(i) == EventKind.INSTRUCTION_RETIRED) {
                n++;
            }
        }
        return n;
    }

    private static Event.RingTransition last(List<Event.RingTransition> trail) {
        return trail.get(trail.size() - 1);
    }
}
