package dev.ringscope.asm;

/**
 * One preprocessed line, parsed: an optional label, an optional {@code times} count, and the statement.
 *
 * @param label the label's full name (local labels already joined to their parent), or null
 */
record ParsedLine(SourceLine source, String label, SourcePos labelPos, Expr times, SourcePos timesPos,
                  Statement statement) {
}
