package dev.ringscope.ui;

import dev.ringscope.trace.RingOccupancy;
import dev.ringscope.trace.Trace;
import dev.ringscope.trace.TraceCodec;
import dev.ringscope.trace.TraceHeader;
import dev.ringscope.trace.TraceOutput;
import dev.ringscope.vmm.RunSetup;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * File ▸ Save trace: the events of the run on screen, as far as they are recorded, written in the form
 * the file's name asks for ({@code .rstrace} compact, anything else JSON Lines), with the header
 * {@code run --trace} would write for the same setup, so the file opens again here, in {@code render}
 * and on another machine. The file is written beside its target and moved into place only when whole:
 * a cancelled or failed save leaves whatever was there before.
 */
final class TraceSaving {

    /** Hears how many events are written; false stops the writing (nothing is left behind). */
    @FunctionalInterface
    interface Progress {
        boolean written(long events, long of);
    }

    /** The save was stopped by its progress; the target is as it was. */
    static final class Cancelled extends IOException {
        Cancelled() {
            super("cancelled");
        }
    }

    private TraceSaving() {
    }

    /** The header for a run of {@code program} under {@code setup}; a recorded trace keeps its own. */
    static TraceHeader header(String program, RunSetup setup, RingOccupancy rings) {
        Map<String, String> options = new LinkedHashMap<>();
        if (setup.host() != dev.ringscope.vmm.HostType.TYPE1) {
            options.put("host", setup.host().id());
        }
        return TraceHeader.of(program, setup.technique().id(), setup.strictIsa() ? "strict" : "x86",
                setup.cost().name(), rings, options);
    }

    /**
     * Writes the first {@code events} events of {@code trace} to {@code target}. The trace may grow
     * meanwhile (a live run): only those events are read.
     */
    static void write(Trace trace, long events, TraceHeader header, Path target, Progress progress) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("no such folder '" + dir + "'");
        }
        Path part = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try {
            try (OutputStream out = Files.newOutputStream(part);
                 TraceOutput w = TraceCodec.forFile(target).writer(out, header)) {
                for (long i = 0; i < events; i++) {
                    w.accept(trace.get(i));
                    if ((i & 0xFFFF) == 0xFFFF && !progress.written(i + 1, events)) {
                        throw new Cancelled();
                    }
                }
            }
            if (!progress.written(events, events)) { // a last word before the file takes the target's place
                throw new Cancelled();
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
