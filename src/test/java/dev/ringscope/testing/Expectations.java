package dev.ringscope.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code ; expect: ...} lines of a guest program: its whole console output, a line each. */
public final class Expectations {

    private Expectations() {
    }

    public static String of(Path source) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("; expect:"))
                .map(l -> l.substring("; expect:".length()))
                .map(l -> l.startsWith(" ") ? l.substring(1) : l)
                .toList();
        if (lines.isEmpty()) {
            throw new IllegalStateException(source + " has no '; expect:' lines");
        }
        return String.join("\n", lines) + "\n";
    }
}
