package dev.ringscope.asm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * NASM's preprocessor: single-line and multi-line macros, %rep, conditionals and %include.
 * Input it reads is kept on an explicit stack of {@link Frame}s, and every kind of nesting or
 * repetition has a limit, so hostile input ends with an error rather than a hang or a crash.
 */
public final class Preprocessor {

    static final int MAX_MACRO_DEPTH = 1000;
    static final int MAX_INCLUDE_DEPTH = 50;
    static final long MAX_REP_COUNT = 1_000_000; // NASM's default %rep limit
    static final long MAX_LINES_PROCESSED = 2_000_000; // a teaching kernel is a few thousand lines
    static final int MAX_OUTPUT_LINES = 1_000_000;

    private final SourceLoader loader;
    private final Diagnostics diag;
    private final SingleLineMacros defines = new SingleLineMacros();
    private final Map<String, List<MultiLineMacro>> macros = new HashMap<>();
    private final Deque<Frame> frames = new ArrayDeque<>();
    private final List<Path> includeDirs = new ArrayList<>();
    private final ConditionEvaluator conditions;
    private List<SourceLine> output = new ArrayList<>();
    private long linesProcessed;
    private long uniqueId;
    private int macroDepth;
    private boolean stopped;

    public Preprocessor(SourceLoader loader, Diagnostics diag) {
        this.loader = loader;
        this.diag = diag;
        this.conditions = new ConditionEvaluator(defines, macros, diag);
    }

    public Preprocessor(Diagnostics diag) {
        this(SourceLoader.fromDisk(), diag);
    }

    /** Like {@code nasm -dNAME=VALUE}; the value may be empty. */
    /** Like {@code nasm -I DIR}: searched after the including file's own directory. */
    public void addIncludeDirectory(Path dir) {
        includeDirs.add(dir);
    }

    public void define(String name, String value) {
        defines.define(new SingleLineMacros.Definition(name, null, value), false);
    }

    public List<SourceLine> process(Path mainFile) {
        try {
            return run(mainFile, loader.load(mainFile));
        } catch (IOException e) {
            diag.error(new SourcePos(mainFile.toString(), 1, 1), "cannot read source file: " + SourceLoader.reason(e));
            return List.of();
        }
    }

    public List<SourceLine> process(String fileName, String text) {
        return run(Path.of(fileName), text);
    }

    private List<SourceLine> run(Path file, String text) {
        output = new ArrayList<>();
        frames.clear();
        linesProcessed = 0;
        macroDepth = 0;
        stopped = false;
        frames.push(Frame.file(file, RawLine.split(file.toString(), text), List.of()));
        while (!frames.isEmpty() && !stopped && !diag.isFull()) {
            Frame frame = frames.peek();
            if (frame.hasNext()) {
                RawLine line = frame.next();
                if (countLine(line.pos())) {
                    handle(line, frame);
                }
            } else {
                endOfFrame(frame);
            }
        }
        return output;
    }

    private boolean countLine(SourcePos pos) {
        if (++linesProcessed > MAX_LINES_PROCESSED) {
            stop(pos, "preprocessing stopped after " + MAX_LINES_PROCESSED
                    + " lines: a %rep or macro that never ends?");
            return false;
        }
        return true;
    }

    private void handle(RawLine line, Frame frame) {
        DirectiveLine d = DirectiveLine.of(line);
        if (frame.collecting != null) {
            collect(line, d, frame);
        } else if (d != null && d.isConditional()) {
            conditional(d, frame);
        } else if (!frame.conditionals.active()) {
            return;
        } else if (d != null) {
            directive(d, frame);
        } else {
            expandLine(line, frame);
        }
    }

    /** A frame ran out of lines: report what was left open, then repeat it (%rep) or drop it. */
    private void endOfFrame(Frame frame) {
        String where = switch (frame.kind) {
            case FILE -> "end of the file";
            case MACRO -> "end of macro `" + frame.macro.name() + "`";
            case REP -> "end of the %rep body";
        };
        for (SourcePos open : frame.conditionals.closeAll()) {
            error(open, "%if without %endif: reached the " + where);
        }
        if (frame.collecting != null) {
            Frame.Definition def = frame.collecting;
            String what = def.isMacro ? "%macro `" + DirectiveLine.of(def.header).firstWord() + "` without %endmacro"
                    : "%rep without %endrep";
            error(DirectiveLine.of(def.header).directivePos(), what + ": reached the " + where);
            frame.collecting = null;
        }
        if (frame.restart()) {
            countLine(frame.lines.get(0).pos());
            return;
        }
        frames.pop();
        if (frame.kind == Frame.Kind.MACRO) {
            macroDepth--;
        }
    }

    /** Inside %macro or %rep: store lines, counting nested definitions, until the matching end. */
    private void collect(RawLine line, DirectiveLine d, Frame frame) {
        Frame.Definition def = frame.collecting;
        String name = d == null ? "" : d.name();
        boolean opens = def.isMacro ? name.equals("macro") || name.equals("rmacro") : name.equals("rep");
        boolean closes = def.isMacro ? name.equals("endmacro") : name.equals("endrep");
        def.depth += opens ? 1 : closes ? -1 : 0;
        if (def.depth > 0) {
            def.body.add(line);
            return;
        }
        frame.collecting = null;
        if (def.isMacro) {
            defineMacro(def);
        } else {
            startRep(def, frame);
        }
    }

    private void conditional(DirectiveLine d, Frame frame) {
        Conditionals c = frame.conditionals;
        String problem;
        if (d.name().equals("endif")) {
            problem = c.endIf();
        } else if (d.name().equals("else")) {
            problem = c.otherwise();
        } else if (d.name().startsWith("elif")) {
            problem = c.elif(c.needsElifCondition() && conditions.test(d.name().substring(2), d));
        } else {
            boolean evaluate = c.active();
            c.openIf(d.directivePos(), evaluate && conditions.test(d.name(), d));
            problem = null;
        }
        if (problem != null) {
            error(d.directivePos(), problem);
        }
    }

    private void directive(DirectiveLine d, Frame frame) {
        switch (d.name()) {
            case "define", "idefine" -> defineSingle(d, false, d.name().startsWith("i"));
            case "xdefine", "ixdefine" -> defineSingle(d, true, d.name().startsWith("i"));
            case "undef" -> defines.undefine(d.firstWord());
            case "assign", "iassign" -> assign(d);
            case "defstr", "idefstr" -> defineString(d);
            case "macro", "rmacro" -> frame.collecting = new Frame.Definition(true, d.line());
            case "rep" -> frame.collecting = new Frame.Definition(false, d.line());
            case "unmacro" -> macros.remove(d.firstWord());
            case "endmacro" -> error(d.directivePos(), "%endmacro without a matching %macro");
            case "endrep" -> error(d.directivePos(), "%endrep without a matching %rep");
            case "exitrep" -> exitTo(Frame.Kind.REP, d);
            case "exitmacro" -> exitTo(Frame.Kind.MACRO, d);
            case "include" -> include(d, frame);
            case "error", "fatal" -> error(d.directivePos(), userMessage(d));
            case "warning" -> diag.warning(d.directivePos(), userMessage(d));
            case "line" -> { } // we keep our own positions
            default -> error(d.directivePos(), "unknown preprocessor directive `%" + d.name() + "`");
        }
    }

    private void defineSingle(DirectiveLine d, boolean expandNow, boolean ignoreCase) {
        DefinitionParser.Parsed<SingleLineMacros.Definition> parsed = DefinitionParser.singleLine(d);
        if (parsed.error() != null) {
            error(d.argumentsPos(), parsed.error());
            return;
        }
        SingleLineMacros.Definition def = parsed.value();
        if (expandNow) {
            def = new SingleLineMacros.Definition(def.name(), def.params(), expand(def.body(), d.argumentsPos()));
        }
        defines.define(def, ignoreCase);
    }

    private void assign(DirectiveLine d) {
        String name = d.firstWord();
        if (name.isEmpty()) {
            error(d.argumentsPos(), "%assign needs a name and an expression");
            return;
        }
        Long value = conditions.evaluate(expand(d.afterFirstWord(), d.argumentsPos()), d.afterFirstWordPos(), "%assign");
        if (value != null) {
            defines.define(new SingleLineMacros.Definition(name, null, Long.toString(value)), d.name().startsWith("i"));
        }
    }

    private void defineString(DirectiveLine d) {
        String name = d.firstWord();
        if (name.isEmpty()) {
            error(d.argumentsPos(), "%defstr needs a name");
            return;
        }
        String text = expand(d.afterFirstWord(), d.argumentsPos());
        defines.define(new SingleLineMacros.Definition(name, null, DefinitionParser.quote(text)), false);
    }

    private void defineMacro(Frame.Definition def) {
        DirectiveLine header = DirectiveLine.of(def.header);
        DefinitionParser.Parsed<MultiLineMacro> parsed = DefinitionParser.multiLine(header, def.body);
        if (parsed.error() != null) {
            error(header.argumentsPos(), parsed.error());
            return;
        }
        MultiLineMacro macro = parsed.value();
        List<MultiLineMacro> overloads = macros.computeIfAbsent(macro.name(), k -> new ArrayList<>());
        overloads.removeIf(m -> m.minParams() == macro.minParams() && m.maxParams() == macro.maxParams());
        overloads.add(macro);
    }

    private void startRep(Frame.Definition def, Frame frame) {
        DirectiveLine header = DirectiveLine.of(def.header);
        Long count = conditions.evaluate(expand(header.arguments(), header.argumentsPos()), header.argumentsPos(), "%rep");
        if (count == null || count <= 0 || def.body.isEmpty()) {
            return;
        }
        if (count > MAX_REP_COUNT) {
            error(header.argumentsPos(), "%rep count " + count + " is over the limit of " + MAX_REP_COUNT);
            return;
        }
        frames.push(Frame.rep(List.copyOf(def.body), count, frame.expandedFrom));
    }

    /** %exitrep / %exitmacro: drop frames up to and including the innermost %rep / macro. */
    private void exitTo(Frame.Kind kind, DirectiveLine d) {
        int index = 0;
        for (Frame f : frames) {
            if (f.kind == kind) {
                for (int i = 0; i <= index; i++) {
                    Frame dropped = frames.pop();
                    macroDepth -= dropped.kind == Frame.Kind.MACRO ? 1 : 0;
                }
                return;
            }
            if (f.kind == Frame.Kind.FILE || (kind == Frame.Kind.REP && f.kind == Frame.Kind.MACRO)) {
                break;
            }
            index++;
        }
        error(d.directivePos(), "%" + d.name() + " outside " + (kind == Frame.Kind.REP ? "a %rep" : "a macro"));
    }

    private void include(DirectiveLine d, Frame frame) {
        // NASM expands single-line macros in the file name: %include USER_PROGRAM with -dUSER_PROGRAM="x.asm"
        DirectiveLine expanded = new DirectiveLine(d.name(), expand(d.arguments(), d.argumentsPos()).strip(), d.line());
        new Includer(loader, frames, expanded, this::error, includeDirs).include(frame).ifPresent(included -> {
            frames.push(included);
        });
    }

    /** %error "text" shows the text as written; unquoted messages have their macros expanded. */
    private String userMessage(DirectiveLine d) {
        String text = d.arguments();
        if (text.length() >= 2 && QuotedString.isQuote(text.charAt(0)) && QuotedString.skip(text, 0) == text.length()) {
            return QuotedString.read(text, 0).content();
        }
        return expand(text, d.argumentsPos());
    }

    private void expandLine(RawLine line, Frame frame) {
        String text = expand(line.text(), line.pos());
        MacroCall call = MacroCall.find(text, macros.keySet());
        if (call == null) {
            emit(text, line.pos(), frame.expandedFrom);
            return;
        }
        SourcePos callPos = line.pos().withColumn(call.column());
        int argc = MacroArguments.split(call.arguments()).size();
        MultiLineMacro macro = macros.get(call.name()).stream().filter(m -> m.accepts(argc)).findFirst().orElse(null);
        if (macro == null) {
            diag.warning(callPos, "macro `" + call.name() + "` exists, but not with " + argc + " parameters");
            emit(text, line.pos(), frame.expandedFrom);
        } else if (!macro.recursive() && isExpanding(macro.name())) {
            // NASM leaves a call of a macro inside its own expansion as it is (only %rmacro recurses).
            diag.warning(callPos, "macro `" + call.name() + "` is used inside its own expansion and is left "
                    + "unexpanded (use %rmacro for a recursive macro)");
            emit(text, line.pos(), frame.expandedFrom);
        } else if (macroDepth >= MAX_MACRO_DEPTH) {
            error(callPos, "macro calls nested more than " + MAX_MACRO_DEPTH + " deep: does `" + call.name()
                    + "` call itself without end?");
        } else {
            emit(call.label(), line.pos(), frame.expandedFrom);
            List<SourcePos> chain = new ArrayList<>(frame.expandedFrom.size() + 1);
            chain.add(callPos);
            chain.addAll(frame.expandedFrom);
            frames.push(Frame.macro(macro, macro.expand(macro.parameters(call.arguments()), uniqueId++), chain));
            macroDepth++;
        }
    }

    private boolean isExpanding(String macroName) {
        for (Iterator<Frame> it = frames.iterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (f.kind == Frame.Kind.MACRO && f.macro.name().equals(macroName)) {
                return true;
            }
        }
        return false;
    }

    private String expand(String text, SourcePos pos) {
        SingleLineMacros.Expansion e = defines.expand(text);
        if (e.error() != null) {
            error(pos, e.error());
        }
        return e.text();
    }

    private void emit(String text, SourcePos pos, List<SourcePos> expandedFrom) {
        String line = RawLine.stripTrailing(text);
        if (line.isBlank()) {
            return;
        }
        if (output.size() >= MAX_OUTPUT_LINES) {
            stop(pos, "preprocessing stopped: more than " + MAX_OUTPUT_LINES + " output lines");
            return;
        }
        output.add(new SourceLine(line, pos.withColumn(1), expandedFrom));
    }

    /** Reports an error; inside a macro expansion it says which call produced the line. */
    private void error(SourcePos pos, String message) {
        for (Frame f : frames) {
            if (f.kind == Frame.Kind.MACRO) {
                diag.error(pos, message + " (in macro `" + f.macro.name() + "` called at " + f.expandedFrom.get(0) + ")");
                return;
            }
            if (f.kind == Frame.Kind.FILE) {
                break;
            }
        }
        diag.error(pos, message);
    }

    private void stop(SourcePos pos, String message) {
        error(pos, message);
        stopped = true;
    }
}
