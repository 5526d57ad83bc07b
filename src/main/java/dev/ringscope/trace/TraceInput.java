package dev.ringscope.trace;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * A trace being read, in either form ({@link TraceCodec}), streaming: the header is read on opening,
 * then the events in order. What cannot be read is skipped and reported, with the line (JSON Lines)
 * or the byte offset and chunk ({@code .rstrace}); the events are numbered by their position in what
 * was read. Only a file that is not a trace at all (no header, a newer version) is an exception,
 * {@link TraceFormatException}.
 */
public interface TraceInput extends Closeable {

    TraceHeader header();

    /**
     * Reads the rest of the events into {@code sink}, numbered from the count read so far; returns
     * how many. An event may share its instruction bytes with an earlier one (never change them).
     */
    long readInto(EventSink sink) throws IOException;

    /** What was wrong so far, at most {@link TraceReader#MAX_LISTED_PROBLEMS}. */
    List<TraceProblem> problems();

    /** How many problems so far, including those not listed. */
    int problemCount();

    /** Lines (or, in a {@code .rstrace} file, events) that held something but gave no event. */
    long droppedLines();

    /** Reads the rest into a new trace in memory. */
    default LoadedTrace readAll() throws IOException {
        Trace trace = new Trace();
        readInto(trace);
        return new LoadedTrace(header(), trace, problems(), problemCount(), droppedLines());
    }
}
