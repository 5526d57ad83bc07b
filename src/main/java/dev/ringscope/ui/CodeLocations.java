package dev.ringscope.ui;

import dev.ringscope.asm.Program;
import dev.ringscope.asm.SourcePos;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each line of a program came from, told compactly: {@code paging.asm:40} for a line written
 * in a file, {@code hello.asm:18 › lib.inc:24} for a line a macro produced (the call the reader
 * wrote, then the macro's own line).
 *
 * <p>A line's {@code expandedFrom} mixes macro calls and {@code %include}s. Every plain line of a
 * file shares the file's include chain, so the chain most lines of a file carry is taken as its
 * include chain (and an include site's own file gets the rest of the chain). Of a line's chain, what
 * comes before the include chain of the file it was called from is macro calls.
 */
final class CodeLocations {

    private final Map<String, List<SourcePos>> includeChains = new HashMap<>();

    CodeLocations(Program program) {
        Map<String, Map<List<SourcePos>, Integer>> chainsByFile = new HashMap<>();
        for (Program.SourceMapEntry e : program.sourceMap()) {
            chainsByFile.computeIfAbsent(e.pos().file(), f -> new HashMap<>()).merge(e.expandedFrom(), 1, Integer::sum);
        }
        chainsByFile.forEach((file, chains) -> includeChains.put(file, chains.entrySet().stream()
                .max(Map.Entry.<List<SourcePos>, Integer>comparingByValue()
                        .thenComparing(c -> -c.getKey().size()))
                .orElseThrow().getKey()));
        // A file included at site s of file G: G's own chain is what follows s.
        for (boolean added = true; added; ) {
            added = false;
            for (List<SourcePos> chain : List.copyOf(includeChains.values())) {
                if (!chain.isEmpty() && includeChains.putIfAbsent(chain.get(0).file(), chain.subList(1, chain.size())) == null) {
                    added = true;
                }
            }
        }
    }

    String of(Program.SourceMapEntry entry) {
        List<SourcePos> chain = entry.expandedFrom();
        String file = entry.pos().file();
        for (int k = 0; k <= chain.size(); k++) {
            if (chain.subList(k, chain.size()).equals(includeChains.get(file))) {
                return k == 0 ? brief(entry.pos()) : brief(chain.get(k - 1)) + " › " + brief(entry.pos());
            }
            if (k < chain.size()) {
                file = chain.get(k).file();
            }
        }
        return brief(entry.pos());
    }

    /** {@code file:line}, the file without its folders. */
    static String brief(SourcePos pos) {
        String file = pos.file().replace('\\', '/');
        return file.substring(file.lastIndexOf('/') + 1) + ":" + pos.line();
    }
}
