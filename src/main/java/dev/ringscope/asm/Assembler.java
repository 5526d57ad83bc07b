package dev.ringscope.asm;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NASM-compatible assembler: preprocess, parse, then lay the program out again and again until
 * no label moves, as {@code nasm -f bin} does with its default optimisation (-Ox). Everything wrong
 * in a file is reported together, each with file:line:column.
 */
public final class Assembler {

    /** Enough for any real program; a layout that still moves after this many passes never settles. */
    static final int MAX_PASSES = 100;

    private final SourceLoader loader;
    private final Map<String, String> defines = new LinkedHashMap<>();
    private final List<Path> includeDirs = new java.util.ArrayList<>();

    public Assembler() {
        this(SourceLoader.fromDisk());
    }

    public Assembler(SourceLoader loader) {
        this.loader = loader;
    }

    /** Like {@code nasm -I DIR}: where %include looks after the including file's directory. */
    public Assembler includeDirectory(Path dir) {
        includeDirs.add(dir);
        return this;
    }

    /** Like {@code nasm -dNAME=VALUE}. */
    public Assembler define(String name, String value) {
        defines.put(name, value);
        return this;
    }

    public Program assembleFile(Path file) throws AsmException {
        Diagnostics diag = new Diagnostics();
        List<SourceLine> lines = preprocessor(diag).process(file);
        return assemble(file.getFileName().toString(), lines, diag);
    }

    public Program assemble(String name, String text) throws AsmException {
        Diagnostics diag = new Diagnostics();
        List<SourceLine> lines = preprocessor(diag).process(name, text);
        return assemble(name, lines, diag);
    }

    /** Errors by file, line and column, as a reader goes through the file; the cap notice stays last. */
    private static List<AsmError> inSourceOrder(List<AsmError> errors) {
        List<AsmError> sorted = new java.util.ArrayList<>(errors);
        sorted.sort(java.util.Comparator.comparing((AsmError e) -> e.message().equals(Diagnostics.TOO_MANY))
                .thenComparing(e -> e.pos().file())
                .thenComparingInt(e -> e.pos().line())
                .thenComparingInt(e -> e.pos().column()));
        return sorted;
    }

    private Preprocessor preprocessor(Diagnostics diag) {
        Preprocessor pp = new Preprocessor(loader, diag);
        defines.forEach(pp::define);
        includeDirs.forEach(pp::addIncludeDirectory);
        return pp;
    }

    private static Program assemble(String name, List<SourceLine> lines, Diagnostics diag) throws AsmException {
        // lines with errors are left out, so the layout can still find the errors in the rest
        List<ParsedLine> parsed = new StatementParser(diag).parse(lines);
        if (diag.isFull()) {
            throw new AsmException(diag.errors());
        }
        Map<String, Value> previous = new HashMap<>();
        Layout layout = null;
        long origin = 0;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            layout = new Layout(previous, origin);
            layout.run(parsed);
            // a fixed point: this pass used the very values it produced, so another changes nothing
            // (a symbol still unknown now is simply undefined, and its error stands)
            if (layout.symbols.equals(previous) && layout.origin == origin) {
                break;
            }
            previous = new HashMap<>(layout.symbols);
            origin = layout.origin;
            if (pass == MAX_PASSES - 1) {
                diag.error(new SourcePos(name, 1, 1), "the layout did not settle after " + MAX_PASSES
                        + " passes (an instruction's size keeps depending on its own position)");
            }
        }
        layout.errors.forEach(e -> diag.error(e.pos(), e.message()));
        layout.warnings.forEach(w -> diag.warning(w.pos(), w.message()));
        if (diag.hasErrors()) {
            throw new AsmException(inSourceOrder(diag.errors()));
        }
        Map<String, Long> symbols = new LinkedHashMap<>();
        layout.symbols.forEach((k, v) -> symbols.put(k, v.value()));
        return new Program(name, layout.origin, layout.out.toByteArray(), symbols, layout.sourceMap, diag.warnings());
    }
}
