package dev.ringscope.asm;

import java.nio.file.Path;
import java.util.List;

/**
 * A source of lines the preprocessor is reading: a file, one expansion of a multi-line macro,
 * or a %rep body. Frames form an explicit stack, so nesting depth never uses the Java stack.
 */
final class Frame {

    enum Kind { FILE, MACRO, REP }

    /** A %macro or %rep body being collected until its matching end directive. */
    static final class Definition {
        final boolean isMacro;
        final RawLine header;
        final List<RawLine> body = new java.util.ArrayList<>();
        int depth = 1;

        Definition(boolean isMacro, RawLine header) {
            this.isMacro = isMacro;
            this.header = header;
        }
    }

    final Kind kind;
    final List<RawLine> lines;
    /** The file for a FILE frame (includes resolve against it); the macro for a MACRO frame. */
    final Path file;
    final MultiLineMacro macro;
    /** Invocation chain for lines read from this frame, innermost first. */
    final List<SourcePos> expandedFrom;
    final Conditionals conditionals = new Conditionals();
    Definition collecting;
    long repeatsLeft;
    private int next;

    private Frame(Kind kind, List<RawLine> lines, Path file, MultiLineMacro macro, List<SourcePos> expandedFrom) {
        this.kind = kind;
        this.lines = lines;
        this.file = file;
        this.macro = macro;
        this.expandedFrom = expandedFrom;
    }

    static Frame file(Path file, List<RawLine> lines, List<SourcePos> expandedFrom) {
        return new Frame(Kind.FILE, lines, file, null, expandedFrom);
    }

    static Frame macro(MultiLineMacro macro, List<RawLine> lines, List<SourcePos> expandedFrom) {
        return new Frame(Kind.MACRO, lines, null, macro, expandedFrom);
    }

    static Frame rep(List<RawLine> body, long count, List<SourcePos> expandedFrom) {
        Frame f = new Frame(Kind.REP, body, null, null, expandedFrom);
        f.repeatsLeft = count;
        return f;
    }

    boolean hasNext() {
        return next < lines.size();
    }

    RawLine next() {
        return lines.get(next++);
    }

    /** For %rep: start the body again if repetitions are left. */
    boolean restart() {
        if (kind != Kind.REP || --repeatsLeft <= 0) {
            return false;
        }
        next = 0;
        return true;
    }
}
