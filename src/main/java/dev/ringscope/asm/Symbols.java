package dev.ringscope.asm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The names a program gives its addresses, for the views that show an address: the nearest name at
 * or below it and the distance ({@code sha256_final+0x1c}), and the address a name stands for (a
 * breakpoint on a function). The names are those the code view shows above lines: an assembled
 * program's labels (not its {@code equ} constants in capitals, not macro-local {@code ..@} labels),
 * an ELF program's .symtab functions and objects (MiniOs), each naming the start of a line.
 */
public final class Symbols {

    /** No program, no names. */
    public static final Symbols NONE = new Symbols(Map.of(), new TreeMap<>(), "");

    /** A name further than this below an address is not taken to be where it is. */
    static final long REACH = 0x10000;

    private final Map<String, Long> byName;
    private final TreeMap<Long, String> byAddress;
    private final String programName;

    private Symbols(Map<String, Long> byName, TreeMap<Long, String> byAddress, String programName) {
        this.byName = byName;
        this.byAddress = byAddress;
        this.programName = programName;
    }

    public static Symbols of(Program program) {
        if (program == null) {
            return NONE;
        }
        Set<Long> starts = new HashSet<>();
        program.sourceMap().forEach(e -> starts.add(e.address()));
        TreeMap<Long, String> byAddress = new TreeMap<>();
        program.symbols().entrySet().stream()
                .filter(s -> isName(s.getKey()) && starts.contains(s.getValue()))
                .sorted(Map.Entry.comparingByKey())
                // of several names for one address, the shortest (a function before its .local labels)
                .forEach(s -> byAddress.merge(s.getValue(), s.getKey(), (a, b) -> b.length() < a.length() ? b : a));
        return new Symbols(program.symbols(), byAddress, program.name());
    }

    /** A label the reader wrote: has a lower-case letter (constants are in capitals), not a macro's own. */
    public static boolean isName(String symbol) {
        return !symbol.equals(symbol.toUpperCase(java.util.Locale.ROOT)) && !symbol.startsWith("..@");
    }

    /** {@code name} or {@code name+0x1c} for the nearest name at or below {@code address}; null if none is near. */
    public String nameOf(long address) {
        Map.Entry<Long, String> e = byAddress.floorEntry(address & 0xFFFF_FFFFL);
        if (e == null || (address & 0xFFFF_FFFFL) - e.getKey() >= REACH) {
            return null;
        }
        long offset = (address & 0xFFFF_FFFFL) - e.getKey();
        return offset == 0 ? e.getValue() : String.format("%s+0x%x", e.getValue(), offset);
    }

    /** {@code 0x08048123 (main+0x13)}, or the bare address where no name is near. */
    public String describe(long address) {
        String name = nameOf(address);
        String hex = String.format("0x%08X", address & 0xFFFF_FFFFL);
        return name == null ? hex : hex + " (" + name + ")";
    }

    /**
     * The address of a function or label, or of a number ({@code 0x8048000}, {@code 134512640});
     * a message saying what there is instead if it names nothing.
     */
    public long resolve(String nameOrAddress) {
        String text = nameOrAddress.strip();
        Long named = byName.get(text);
        if (named != null) {
            return named;
        }
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseLong(text.substring(2), 16);
            }
            if (!text.isEmpty() && Character.isDigit(text.charAt(0))) {
                return Long.parseLong(text);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address (write 0x08048000 or a name)");
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        List<String> close = new ArrayList<>();
        for (String name : byAddress.values()) {
            if (name.toLowerCase(java.util.Locale.ROOT).contains(lower)) {
                close.add(name);
            }
        }
        // names that start so first, then the shortest
        close.sort(java.util.Comparator.comparing((String n) -> !n.toLowerCase(java.util.Locale.ROOT).startsWith(lower))
                .thenComparingInt(String::length).thenComparing(n -> n));
        String where = programName.isEmpty() ? "" : " in " + programName;
        throw new IllegalArgumentException(close.isEmpty() ? "no function or label '" + text + "'" + where
                : "no function or label '" + text + "'" + where + "; did you mean "
                        + String.join(", ", close.subList(0, Math.min(5, close.size()))) + "?");
    }
}
