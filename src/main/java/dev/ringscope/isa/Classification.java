package dev.ringscope.isa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Popek–Goldberg table of every modelled instruction: one row per classification row of the
 * form table ({@code mov}, {@code mov sreg}, {@code mov cr}, {@code jmp far} …), in table order.
 */
public final class Classification {

    /** One row: a mnemonic or mnemonic-with-form and its class. */
    public record Row(String mnemonic, PrivilegeClass privilege) {
    }

    private Classification() {
    }

    public static List<Row> rows() {
        Map<String, PrivilegeClass> rows = new LinkedHashMap<>();
        for (Form f : FormTable.all()) {
            rows.putIfAbsent(f.row(), f.privilege());
        }
        List<Row> out = new ArrayList<>();
        rows.forEach((name, pc) -> out.add(new Row(name, pc)));
        out.sort(java.util.Comparator.comparing(Row::mnemonic));
        return out;
    }

    /** The x86 instructions that are sensitive but not privileged: why classic trap-and-emulate fails. */
    public static List<Row> holes() {
        return rows().stream().filter(r -> r.privilege().isVirtualizationHole()).toList();
    }
}
