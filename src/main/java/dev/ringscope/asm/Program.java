package dev.ringscope.asm;

import java.util.List;
import java.util.Map;

/**
 * An assembled flat binary with what the rest of RingScope needs to show it: symbols, and for
 * every byte range the source line it came from.
 *
 * @param origin the address of the first byte ({@code org})
 */
public record Program(String name, long origin, byte[] bytes, Map<String, Long> symbols, List<SourceMapEntry> sourceMap,
                      List<AsmWarning> warnings) {

    public Program {
        symbols = Map.copyOf(symbols);
        sourceMap = List.copyOf(sourceMap);
        warnings = List.copyOf(warnings);
    }

    /**
     * One line's bytes (lines that emit nothing have no entry).
     *
     * @param text         the line after preprocessing
     * @param expandedFrom the macro invocations that produced it, innermost first
     */
    public record SourceMapEntry(long address, int length, SourcePos pos, String text, List<SourcePos> expandedFrom) {
    }

    /** The source line that produced the byte at {@code address}, or null. */
    public SourceMapEntry lineAt(long address) {
        int lo = 0;
        int hi = sourceMap.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            SourceMapEntry e = sourceMap.get(mid);
            if (address < e.address()) {
                hi = mid - 1;
            } else if (address >= e.address() + e.length()) {
                lo = mid + 1;
            } else {
                return e;
            }
        }
        return null;
    }

    public Long symbol(String name) {
        return symbols.get(name);
    }
}
