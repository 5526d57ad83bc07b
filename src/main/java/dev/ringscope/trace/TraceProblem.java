package dev.ringscope.trace;

/**
 * Something wrong with one part of a trace file, which was skipped (or, for a renumbering note,
 * loaded under a new seq). {@link #toString()} reads {@code trace.jsonl:17: unknown event type 'foo'}
 * for a line of JSON Lines, {@code trace.rstrace, byte 4711 (chunk 3): …} for the binary form.
 *
 * @param line the 1-based line number, or -1 where the position is a byte offset
 * @param where the position as said in a message: {@code 17}, or {@code byte 4711 (chunk 3)}
 */
public record TraceProblem(String source, long line, String where, String message) {

    /** A problem with a line of a JSON Lines trace. */
    public TraceProblem(String source, long line, String message) {
        this(source, line, Long.toString(line), message);
    }

    /** A problem at a byte offset of a binary trace; {@code where} says it, e.g. {@code byte 4711 (chunk 3)}. */
    static TraceProblem atByte(String source, String where, String message) {
        return new TraceProblem(source, -1, where, message);
    }

    @Override
    public String toString() {
        return source + (line >= 0 ? ":" : ", ") + where + ": " + message;
    }
}
