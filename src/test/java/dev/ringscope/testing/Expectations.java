package dev.ringscope.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code ; expect: ...} lines of a guest program: its whole console output, a line each. An ELF
 * file's are in its C source beside it ({@code prog.elf} → {@code prog.c}), as {@code * expect: ...}
 * lines of its header comment.
 */
public final class Expectations {

    private Expectations() {
    }

    public static String of(Path source) throws IOException {
        String name = source.getFileName().toString();
        boolean elf = name.endsWith(".elf");
        if (elf) {
            source = source.resolveSibling(name.substring(0, name.length() - 4) + ".c");
        }
        String marker = elf ? " * expect:" : "; expect:";
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith(marker))
                .map(l -> l.substring(marker.length()))
                .map(l -> l.startsWith(" ") ? l.substring(1) : l)
                .toList();
        if (lines.isEmpty()) {
            throw new IllegalStateException(source + " has no '" + marker.strip() + "' lines");
        }
        return String.join("\n", lines) + "\n";
    }
}
