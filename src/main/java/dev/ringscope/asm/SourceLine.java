package dev.ringscope.asm;

import java.util.List;

/**
 * One line after preprocessing.
 *
 * @param pos          where the text came from (a file line, or a line of a macro body), column 1
 * @param expandedFrom the macro invocations that produced it, innermost first; empty for plain lines
 */
public record SourceLine(String text, SourcePos pos, List<SourcePos> expandedFrom) {

    public SourceLine {
        expandedFrom = List.copyOf(expandedFrom);
    }
}
