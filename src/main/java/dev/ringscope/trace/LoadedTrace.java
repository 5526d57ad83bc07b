package dev.ringscope.trace;

import java.util.List;

/**
 * A trace file as loaded: its header, every event that could be read, and what was wrong with the
 * rest.
 *
 * @param problems     at most {@link TraceReader#MAX_LISTED_PROBLEMS}, in line order
 * @param problemCount all problems, including those not listed
 * @param droppedLines lines that held something but gave no event
 */
public record LoadedTrace(TraceHeader header, Trace trace, List<TraceProblem> problems, int problemCount,
                          long droppedLines) {

    public LoadedTrace {
        problems = List.copyOf(problems);
    }

    /** Whether every line was loaded as written. */
    public boolean clean() {
        return problemCount == 0;
    }
}
