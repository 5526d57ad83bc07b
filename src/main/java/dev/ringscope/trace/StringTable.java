package dev.ringscope.trace;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The strings of a {@link Trace}, each stored once: labels, device names and mnemonics repeat in
 * almost every event that has text. Id {@value #NULL} stands for {@code null}.
 *
 * <p>One thread interns; others may look up any id they obtained through the trace's published size
 * (the array is republished through a volatile field whenever it grows).
 */
final class StringTable {

    static final int NULL = -1;

    private final Map<String, Integer> ids = new HashMap<>();
    private volatile String[] strings = new String[64];
    private int count;

    int intern(String s) {
        if (s == null) {
            return NULL;
        }
        Integer id = ids.get(s);
        if (id != null) {
            return id;
        }
        String[] table = strings;
        if (count == table.length) {
            table = Arrays.copyOf(table, table.length * 2);
            table[count] = s;
            strings = table;
        } else {
            table[count] = s;
        }
        ids.put(s, count);
        return count++;
    }

    String get(int id) {
        return id == NULL ? null : strings[id];
    }

    int size() {
        return count;
    }
}
