package dev.ringscope.asm;

import dev.ringscope.elf.ElfImage;
import java.util.List;
import java.util.Map;

/**
 * An assembled flat binary with what the rest of RingScope needs to show it: symbols, and for
 * every byte range the source line it came from.
 *
 * @param origin the address of the first byte ({@code org})
 */
public record Program(String name, long origin, byte[] bytes, Map<String, Long> symbols, List<SourceMapEntry> sourceMap,
                      List<AsmWarning> warnings, List<ElfImage.Page> userPages) {

    /**
     * @param userPages an ELF user program's pages at their addresses in the user region (its source
     *                  map has a row for each of its instructions there); empty for an assembled program
     */
    public Program {
        symbols = Map.copyOf(symbols);
        sourceMap = List.copyOf(sourceMap);
        warnings = List.copyOf(warnings);
        userPages = List.copyOf(userPages);
    }

    public Program(String name, long origin, byte[] bytes, Map<String, Long> symbols, List<SourceMapEntry> sourceMap,
                   List<AsmWarning> warnings) {
        this(name, origin, bytes, symbols, sourceMap, warnings, List.of());
    }

    /** Up to {@code length} bytes at {@code address}: from the image, else from the user pages; empty if neither has it. */
    public byte[] bytesAt(long address, int length) {
        long offset = address - origin;
        if (offset >= 0 && offset < bytes.length) {
            return java.util.Arrays.copyOfRange(bytes, (int) offset, (int) Math.min(bytes.length, offset + length));
        }
        for (ElfImage.Page p : userPages) {
            if (address >= p.address() && address < p.address() + ElfImage.PAGE) {
                int from = (int) (address - p.address());
                return java.util.Arrays.copyOfRange(p.bytes(), from, Math.min(ElfImage.PAGE, from + length));
            }
        }
        return new byte[0];
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
