package dev.ringscope.trace;

/**
 * Something wrong with one line of a trace file, which was skipped (or, for a renumbering note,
 * loaded under a new seq). {@link #toString()} reads {@code trace.jsonl:17: unknown event type 'foo'}.
 *
 * @param line the 1-based line number
 */
public record TraceProblem(String source, long line, String message) {

    @Override
    public String toString() {
        return source + ":" + line + ": " + message;
    }
}
