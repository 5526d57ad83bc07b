package dev.ringscope.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.trace.Events;
import dev.ringscope.trace.LoadedTrace;
import dev.ringscope.trace.Trace;
import dev.ringscope.trace.TraceHeader;
import dev.ringscope.trace.TraceReader;
import dev.ringscope.trace.TraceWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DESIGN.md: same program and options, the same trace byte for byte; tracing never changes the run. */
class DeterminismTest {

    private static final Path PREEMPT = Path.of("samples/user/preempt.asm");

    private static byte[] traceBytes(Path program) throws Exception {
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(MiniOs.build(program, Map.of()).bytes());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TraceWriter w = new TraceWriter(bytes, TraceHeader.of(program.toString(), "native", "x86", "flat", dev.ringscope.trace.RingOccupancy.NATIVE, Map.of()))) {
            m.setEventSink(w);
            m.run(10_000_000);
            m.finishTrace();
        }
        return bytes.toByteArray();
    }

    @Test
    void theSameRunGivesTheSameTraceBytes() throws Exception {
        byte[] a = traceBytes(PREEMPT);
        byte[] b = traceBytes(PREEMPT);
        assertTrue(a.length > 100_000, "a real trace");
        assertArrayEquals(a, b);
    }

    @Test
    void tracingDoesNotChangeTheRun() throws Exception {
        byte[] image = MiniOs.build(PREEMPT, Map.of()).bytes();
        Machine quiet = new Machine(MachineOptions.defaults());
        quiet.boot(image);
        RunResult a = quiet.run(10_000_000);
        Machine traced = new Machine(MachineOptions.defaults());
        traced.boot(image);
        Trace trace = new Trace();
        traced.setEventSink(trace);
        RunResult b = traced.run(10_000_000);
        assertEquals(a, b);
        assertEquals(quiet.console(), traced.console());
        assertEquals(a.instructions(), trace.counts().of(dev.ringscope.trace.EventKind.INSTRUCTION_RETIRED));
    }

    @Test
    void aWrittenTraceReadsBackEventForEvent() throws Exception {
        Path program = Path.of("samples/user/cli.asm");
        byte[] bytes = traceBytes(program);
        LoadedTrace loaded = TraceReader.load(new ByteArrayInputStream(bytes), "cli.jsonl");
        assertTrue(loaded.clean(), loaded.problems().toString());
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(MiniOs.build(program, Map.of()).bytes());
        Trace live = new Trace();
        m.setEventSink(live);
        m.run(10_000_000);
        m.finishTrace();
        assertEquals(live.size(), loaded.trace().size());
        for (long i = 0; i < live.size(); i++) {
            assertTrue(Events.equal(live.get(i), loaded.trace().get(i)), "event " + i);
        }
    }
}
